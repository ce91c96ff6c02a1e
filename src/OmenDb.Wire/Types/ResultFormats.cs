using OmenDb.Engine.Types;

namespace OmenDb.Wire.Types;

/// <summary>
/// The result format of each column of a portal, as Bind's result-format codes give them: none (all text), one
/// (applies to all) or one per column. The two uniform cases need no array, so a Bind allocates nothing here.
/// </summary>
internal readonly struct ResultFormats
{
    private readonly bool _allBinary;
    private readonly bool[]? _perColumn;

    private ResultFormats(bool allBinary, bool[]? perColumn, OutputStyle? style = null)
    {
        _allBinary = allBinary;
        _perColumn = perColumn;
        Style = style;
    }

    /// <summary>The session's output settings for text values (TimeZone, bytea_output); the defaults when null.</summary>
    public OutputStyle? Style { get; }

    /// <summary>The same formats, writing text in the session's <paramref name="style"/>.</summary>
    public ResultFormats WithStyle(OutputStyle style) => new(_allBinary, _perColumn, style);

    /// <summary>Every column in text (simple Query, and Bind with no format codes).</summary>
    public static ResultFormats AllText => default;

    /// <summary>Every column in binary.</summary>
    public static ResultFormats AllBinary => new(true, null);

    /// <summary>One format per column.</summary>
    public static ResultFormats PerColumn(bool[] binary) => new(false, binary);

    /// <summary>Whether column <paramref name="column"/> is sent in binary.</summary>
    public bool IsBinary(int column) => _perColumn is null ? _allBinary : _perColumn[column];
}
