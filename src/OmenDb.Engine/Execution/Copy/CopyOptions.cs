using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Copy;

/// <summary>How COPY header lines are treated (PostgreSQL 15: HEADER false | true | MATCH).</summary>
public enum CopyHeader : byte
{
    /// <summary>No header line.</summary>
    None,

    /// <summary>COPY FROM skips the first line; COPY TO writes the column names.</summary>
    Present,

    /// <summary>COPY FROM checks that the first line holds the column names, in order (PostgreSQL 15's HEADER MATCH).</summary>
    Match,
}

/// <summary>
/// COPY's text/CSV options with PostgreSQL's defaults: text uses tab and <c>\N</c>, CSV uses ',' , '"', the quote as
/// escape and the unquoted empty string as NULL.
/// </summary>
public sealed record CopyOptions
{
    /// <summary>Text or CSV (binary is not handled by this codec).</summary>
    public CopyFormat Format { get; init; } = CopyFormat.Text;

    /// <summary>Field delimiter; null for the format's default (tab for text, ',' for CSV).</summary>
    public char? Delimiter { get; init; }

    /// <summary>The NULL marker; null for the format's default (<c>\N</c> for text, empty for CSV).</summary>
    public string? Null { get; init; }

    /// <summary>HEADER option.</summary>
    public CopyHeader Header { get; init; }

    /// <summary>CSV quote character; null for '"'.</summary>
    public char? Quote { get; init; }

    /// <summary>CSV escape character; null for the quote character.</summary>
    public char? Escape { get; init; }

    /// <summary>CSV FORCE_NOT_NULL: per column, whether an unquoted null marker still reads as a string (null = none).</summary>
    public bool[]? ForceNotNull { get; init; }

    /// <summary>CSV FORCE_QUOTE: per column, whether non-null values are always quoted (null = none).</summary>
    public bool[]? ForceQuote { get; init; }

    /// <summary>The effective delimiter.</summary>
    public char EffectiveDelimiter => Delimiter ?? (Format == CopyFormat.Csv ? ',' : '\t');

    /// <summary>The effective NULL marker.</summary>
    public string EffectiveNull => Null ?? (Format == CopyFormat.Csv ? "" : "\\N");

    /// <summary>The effective quote character.</summary>
    public char EffectiveQuote => Quote ?? '"';

    /// <summary>The effective escape character.</summary>
    public char EffectiveEscape => Escape ?? EffectiveQuote;
}
