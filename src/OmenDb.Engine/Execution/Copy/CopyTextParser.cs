using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;
using OmenDb.Common;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Copy;

/// <summary>
/// COPY FROM's text and CSV decoder. It takes CopyData payloads as they arrive (a row may span any number of chunks,
/// a chunk may hold many rows) and yields rows of field texts (null = NULL), as PostgreSQL 15 reads them:
/// <list type="bullet">
/// <item>text: delimiter (tab), <c>\N</c> as NULL compared before de-escaping, escapes <c>\b \f \n \r \t \v</c>,
/// <c>\ooo</c> octal, <c>\xhh</c> hex, backslash before any other character; a line <c>\.</c> ends the data; the line
/// ending (LF or CRLF) is fixed by the first line and a stray CR or LF is an error;</item>
/// <item>CSV: delimiter (','), quote ('"'), escape (the quote), unquoted empty field as NULL unless FORCE_NOT_NULL,
/// quoted fields spanning lines, <c>\.</c> alone on a line ends the data.</item>
/// </list>
/// Errors are 22P04 bad_copy_file_format with PostgreSQL's messages; <see cref="LineNumber"/> and
/// <see cref="FormatContext(string)"/> give the caller the CONTEXT line (<c>COPY t, line 3: "..."</c>).
/// </summary>
public sealed class CopyTextParser
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CopyOptions _options;
    private readonly IReadOnlyList<string>? _columnNames;
    private readonly int _columnCount;
    private readonly bool _csv;
    private readonly byte _delimiter;
    private readonly byte _quote;
    private readonly byte _escape;
    private readonly byte[] _null;

    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    // CSV record scan state, kept between chunks so a long quoted field is scanned once.
    private int _scanPos;
    private bool _scanInQuote;

    private bool _completed;
    private bool _headerPending;
    private int _eolMode; // 0 unknown, 1 LF, 2 CRLF

    // The current row's fields, de-escaped, back to back in _fieldData; a field's length is -1 for NULL.
    private byte[] _fieldData = new byte[256];
    private int _fieldDataLength;
    private int[] _fieldStarts = new int[16];
    private int[] _fieldLengths = new int[16];
    private int _fieldCount;

    // The current line's bytes for LineText (length -1: no line text).
    private byte[] _line = new byte[256];
    private int _lineLength = -1;

    /// <summary>Creates a parser for a table's columns (names are used in "missing data for column" and HEADER MATCH).</summary>
    public CopyTextParser(CopyOptions options, IReadOnlyList<string> columnNames)
        : this(options, columnNames.Count, columnNames)
    {
    }

    /// <summary>Creates a parser expecting <paramref name="columnCount"/> fields per row (-1: any number).</summary>
    public CopyTextParser(CopyOptions options, int columnCount)
        : this(options, columnCount, null)
    {
    }

    private CopyTextParser(CopyOptions options, int columnCount, IReadOnlyList<string>? columnNames)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Format == CopyFormat.Binary)
        {
            throw new ArgumentException("binary COPY is not handled by the text parser", nameof(options));
        }

        _options = options;
        _columnCount = columnCount;
        _columnNames = columnNames;
        _csv = options.Format == CopyFormat.Csv;
        _delimiter = CheckSingleByte(options.EffectiveDelimiter, "COPY delimiter");
        _quote = CheckSingleByte(options.EffectiveQuote, "COPY quote");
        _escape = CheckSingleByte(options.EffectiveEscape, "COPY escape");
        _null = Encoding.UTF8.GetBytes(options.EffectiveNull);
        _headerPending = options.Header != CopyHeader.None;
    }

    private static byte CheckSingleByte(char c, string what) => c < 0x80
        ? (byte)c
        : throw new PgException(SqlState.FeatureNotSupported, $"{what} must be a single one-byte character");

    /// <summary>1-based line number of the last line read (of the row just returned, or of the failing row).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The raw text of the current line for the CONTEXT, or null where PostgreSQL shows no line text;
    /// decoded only when asked for (an error), the bytes being kept in a reused buffer.</summary>
    public string? LineText => _lineLength < 0 ? null : Encoding.UTF8.GetString(_line, 0, _lineLength);

    /// <summary>Whether the end-of-data marker <c>\.</c> was read (later data is ignored).</summary>
    public bool EndMarkerSeen { get; private set; }

    /// <summary>Rows returned so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>PostgreSQL's CONTEXT for an error on the current line: <c>COPY t, line 3: "1	x"</c>.</summary>
    public string FormatContext(string tableName) =>
        LineText is null ? $"COPY {tableName}, line {LineNumber}" : $"COPY {tableName}, line {LineNumber}: \"{LineText}\"";

    /// <summary>PostgreSQL's CONTEXT for a bad value: <c>COPY t, line 1, column a: "x"</c> (null input for NULL).</summary>
    public string FormatContext(string tableName, string columnName, string? value) => value is null
        ? $"COPY {tableName}, line {LineNumber}, column {columnName}: null input"
        : $"COPY {tableName}, line {LineNumber}, column {columnName}: \"{value}\"";

    /// <summary>Appends a chunk of COPY data.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_completed)
        {
            throw new InvalidOperationException("COPY data after completion");
        }

        if (EndMarkerSeen || data.IsEmpty)
        {
            return;
        }

        if (_end + data.Length > _buffer.Length)
        {
            var live = _end - _start;
            if (live + data.Length > _buffer.Length || _start == 0)
            {
                var bigger = new byte[Math.Max(_buffer.Length * 2, live + data.Length)];
                _buffer.AsSpan(_start, live).CopyTo(bigger);
                _buffer = bigger;
            }
            else
            {
                _buffer.AsSpan(_start, live).CopyTo(_buffer);
            }

            _scanPos -= _start;
            _start = 0;
            _end = live;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Marks the end of the input (CopyDone): a last line without a terminator becomes readable.</summary>
    public void Complete() => _completed = true;

    /// <summary>The next complete row as strings, or false when more data (or <see cref="Complete"/>) is needed or the data ended.</summary>
    public bool TryReadRow([NotNullWhen(true)] out string?[]? fields)
    {
        fields = null;
        if (!TryReadFields())
        {
            return false;
        }

        fields = new string?[_fieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = FieldText(i);
        }

        return true;
    }

    /// <summary>
    /// Reads the next complete row into the parser's field buffer (see <see cref="FieldCount"/>, <see cref="Field"/>,
    /// <see cref="FieldText"/>), valid until the next call: no allocation per row. False when more data (or
    /// <see cref="Complete"/>) is needed or the data ended. The row's bytes are valid UTF-8 (else 22021).
    /// </summary>
    public bool TryReadFields()
    {
        while (true)
        {
            _fieldCount = 0;
            if (EndMarkerSeen || !TryTakeRecord(out var recordStart, out var recordEnd, out var newlines))
            {
                return false;
            }

            var record = _buffer.AsSpan(recordStart, recordEnd - recordStart);
            LineNumber += 1 + newlines;
            SetLineText(record);

            if (IsEndMarker(record))
            {
                EndMarkerSeen = true;
                return false;
            }

            if (!_csv && record.Length >= 2 && record[0] == '\\' && record[1] == '.')
            {
                _lineLength = -1;
                throw new PgException(SqlState.BadCopyFileFormat, "end-of-copy marker corrupt");
            }

            _fieldDataLength = 0;
            if (_csv)
            {
                SplitCsv(record);
            }
            else
            {
                SplitText(record);
            }

            if (_fieldData.AsSpan(0, _fieldDataLength) is var fieldBytes && (!Utf8.IsValid(fieldBytes) || fieldBytes.Contains((byte)0)))
            {
                // Name the first bad bytes, as the decoder does. PostgreSQL's text holds no NUL character: a NUL, raw or from
                // an escape (\000, \x00), is an invalid byte of the encoding there, unless invalid bytes come before it.
                for (var i = 0; i < _fieldCount; i++)
                {
                    if (_fieldLengths[i] >= 0 && Field(i) is var bytes && bytes.IndexOf((byte)0) is var nul and >= 0 && Utf8.IsValid(bytes[..nul]))
                    {
                        throw new PgException(SqlState.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x00");
                    }

                    _ = FieldText(i);
                }
            }

            if (_headerPending)
            {
                _headerPending = false;
                CheckHeader();
                continue;
            }

            CheckColumnCount();
            RowCount++;
            return true;
        }
    }

    /// <summary>Number of fields of the row <see cref="TryReadFields"/> read.</summary>
    public int FieldCount => _fieldCount;

    /// <summary>Whether field <paramref name="index"/> of the current row is NULL.</summary>
    public bool FieldIsNull(int index) => _fieldLengths[index] < 0;

    /// <summary>The de-escaped UTF-8 bytes of field <paramref name="index"/> of the current row (empty for NULL).</summary>
    public ReadOnlySpan<byte> Field(int index) => _fieldLengths[index] < 0
        ? default
        : _fieldData.AsSpan(_fieldStarts[index], _fieldLengths[index]);

    /// <summary>Field <paramref name="index"/> of the current row as a string (null for NULL).</summary>
    public string? FieldText(int index) => _fieldLengths[index] < 0 ? null : Decode(Field(index));

    /// <summary>Starts a field of the current row; its bytes follow through <see cref="AddFieldByte"/> / <see cref="AddFieldBytes"/>.</summary>
    private void BeginField()
    {
        if (_fieldCount == _fieldStarts.Length)
        {
            Array.Resize(ref _fieldStarts, _fieldCount * 2);
            Array.Resize(ref _fieldLengths, _fieldCount * 2);
        }

        _fieldStarts[_fieldCount] = _fieldDataLength;
        _fieldLengths[_fieldCount] = 0;
        _fieldCount++;
    }

    /// <summary>Ends the current field; <paramref name="isNull"/> drops its bytes and marks it NULL.</summary>
    private void EndField(bool isNull)
    {
        var f = _fieldCount - 1;
        if (isNull)
        {
            _fieldDataLength = _fieldStarts[f];
            _fieldLengths[f] = -1;
        }
        else
        {
            _fieldLengths[f] = _fieldDataLength - _fieldStarts[f];
        }
    }

    private void EnsureFieldData(int more)
    {
        if (_fieldDataLength + more > _fieldData.Length)
        {
            Array.Resize(ref _fieldData, Math.Max(_fieldData.Length * 2, _fieldDataLength + more));
        }
    }

    private void AddFieldByte(byte b)
    {
        EnsureFieldData(1);
        _fieldData[_fieldDataLength++] = b;
    }

    private void AddFieldBytes(ReadOnlySpan<byte> bytes)
    {
        EnsureFieldData(bytes.Length);
        bytes.CopyTo(_fieldData.AsSpan(_fieldDataLength));
        _fieldDataLength += bytes.Length;
    }

    /// <summary>Keeps the current line's bytes for <see cref="LineText"/> (copied: the buffer moves on).</summary>
    private void SetLineText(ReadOnlySpan<byte> line)
    {
        if (line.Length > _line.Length)
        {
            _line = new byte[Math.Max(line.Length, _line.Length * 2)];
        }

        line.CopyTo(_line);
        _lineLength = line.Length;
    }

    private bool IsEndMarker(ReadOnlySpan<byte> record) => record.Length == 2 && record[0] == '\\' && record[1] == '.';

    /// <summary>Finds the next record [start, end) without its line terminator and consumes it.</summary>
    private bool TryTakeRecord(out int start, out int end, out int newlines)
    {
        start = _start;
        end = 0;
        newlines = 0;
        if (_start == _end)
        {
            return false;
        }

        if (_scanPos < _start)
        {
            _scanPos = _start;
        }

        var lineEnd = -1;
        if (_csv)
        {
            var i = _scanPos;
            var inQuote = _scanInQuote;
            for (; i < _end; i++)
            {
                var b = _buffer[i];
                if (inQuote)
                {
                    if (b == _escape && _escape != _quote && i + 1 < _end && (_buffer[i + 1] == _quote || _buffer[i + 1] == _escape))
                    {
                        i++;
                    }
                    else if (b == _escape && _escape != _quote && i + 1 >= _end && !_completed)
                    {
                        // The escaped character has not arrived yet: rescan from here next time.
                        break;
                    }
                    else if (b == _quote)
                    {
                        inQuote = false;
                    }
                }
                else if (b == _quote)
                {
                    inQuote = true;
                }
                else if (b == '\n')
                {
                    lineEnd = i;
                    break;
                }
            }

            if (lineEnd < 0)
            {
                _scanPos = i;
                _scanInQuote = inQuote;
                if (!_completed)
                {
                    return false;
                }

                if (inQuote)
                {
                    LineNumber++;
                    SetLineText(_buffer.AsSpan(_start, _end - _start));
                    throw new PgException(SqlState.BadCopyFileFormat, "unterminated CSV quoted field");
                }
            }

            _scanInQuote = false;
        }
        else
        {
            var idx = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            lineEnd = idx < 0 ? -1 : _start + idx;
            if (lineEnd < 0 && !_completed)
            {
                return false;
            }
        }

        var recordEnd = lineEnd < 0 ? _end : lineEnd;
        var next = lineEnd < 0 ? _end : lineEnd + 1;

        // Line ending: fixed by the first line (LF or CRLF).
        var hasCr = recordEnd > _start && _buffer[recordEnd - 1] == '\r';
        if (lineEnd >= 0)
        {
            if (_eolMode == 0)
            {
                _eolMode = hasCr ? 2 : 1;
            }
            else if (_eolMode == 2 && !hasCr && !_csv)
            {
                LineNumber++;
                _lineLength = -1;
                throw new PgException(SqlState.BadCopyFileFormat, "literal newline found in data")
                {
                    Hint = "Use \"\\n\" to represent newline.",
                };
            }
        }

        if (hasCr && (_eolMode == 2 || lineEnd < 0))
        {
            recordEnd--;
        }

        if (!_csv)
        {
            var cr = _buffer.AsSpan(_start, recordEnd - _start).IndexOf((byte)'\r');
            if (cr >= 0)
            {
                LineNumber++;
                _lineLength = -1;
                throw new PgException(SqlState.BadCopyFileFormat, "literal carriage return found in data")
                {
                    Hint = "Use \"\\r\" to represent carriage return.",
                };
            }
        }
        else
        {
            for (var k = _start; k < recordEnd; k++)
            {
                if (_buffer[k] == '\n')
                {
                    newlines++;
                }
            }
        }

        start = _start;
        end = recordEnd;
        _start = next;
        _scanPos = next;
        return true;
    }

    /// <summary>Text format: split on the delimiter (a backslash protects the next byte), NULL marker on raw text, de-escape.</summary>
    private void SplitText(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (true)
        {
            var fieldStart = i;
            while (i < line.Length)
            {
                // Vectorised search for the next delimiter or backslash (a vector field is a kilobyte of text).
                var next = line[i..].IndexOfAny(_delimiter, (byte)'\\');
                if (next < 0)
                {
                    i = line.Length;
                    break;
                }

                i += next;
                if (line[i] == _delimiter)
                {
                    break;
                }

                i += i + 1 < line.Length ? 2 : 1; // a backslash protects the next byte
            }

            var raw = line[fieldStart..i];
            BeginField();
            var isNull = raw.SequenceEqual(_null);
            if (!isNull)
            {
                DeEscapeText(raw);
            }

            EndField(isNull);
            if (i >= line.Length)
            {
                break;
            }

            i++; // delimiter
        }
    }

    private void DeEscapeText(ReadOnlySpan<byte> raw)
    {
        var slash = raw.IndexOf((byte)'\\');
        if (slash < 0)
        {
            AddFieldBytes(raw);
            return;
        }

        AddFieldBytes(raw[..slash]);
        for (var i = slash; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b != '\\' || i + 1 >= raw.Length)
            {
                AddFieldByte(b);
                continue;
            }

            var c = raw[++i];
            switch (c)
            {
                case >= (byte)'0' and <= (byte)'7':
                {
                    var v = c - '0';
                    for (var k = 0; k < 2 && i + 1 < raw.Length && raw[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                    {
                        v = (v << 3) + (raw[++i] - '0');
                    }

                    AddFieldByte((byte)(v & 0xFF));
                    break;
                }

                case (byte)'x' when i + 1 < raw.Length && HexValue(raw[i + 1]) >= 0:
                {
                    var v = HexValue(raw[++i]);
                    if (i + 1 < raw.Length && HexValue(raw[i + 1]) >= 0)
                    {
                        v = (v << 4) + HexValue(raw[++i]);
                    }

                    AddFieldByte((byte)v);
                    break;
                }

                case (byte)'b':
                    AddFieldByte((byte)'\b');
                    break;
                case (byte)'f':
                    AddFieldByte((byte)'\f');
                    break;
                case (byte)'n':
                    AddFieldByte((byte)'\n');
                    break;
                case (byte)'r':
                    AddFieldByte((byte)'\r');
                    break;
                case (byte)'t':
                    AddFieldByte((byte)'\t');
                    break;
                case (byte)'v':
                    AddFieldByte((byte)'\v');
                    break;
                default:
                    AddFieldByte(c);
                    break;
            }
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>CSV: quoted sections (escape + quote/escape inside), delimiter outside quotes, unquoted NULL marker.</summary>
    private void SplitCsv(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (true)
        {
            var fieldStart = i;
            var sawQuote = false;
            BeginField();
            while (i < line.Length && line[i] != _delimiter)
            {
                var b = line[i];
                if (b != _quote)
                {
                    AddFieldByte(b);
                    i++;
                    continue;
                }

                sawQuote = true;
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new PgException(SqlState.BadCopyFileFormat, "unterminated CSV quoted field");
                    }

                    b = line[i];
                    if (b == _escape && i + 1 < line.Length && (line[i + 1] == _quote || line[i + 1] == _escape)
                        && !(_escape == _quote && line[i + 1] != _quote))
                    {
                        AddFieldByte(line[i + 1]);
                        i += 2;
                        continue;
                    }

                    if (b == _quote)
                    {
                        i++;
                        break;
                    }

                    AddFieldByte(b);
                    i++;
                }
            }

            var raw = line[fieldStart..i];
            var column = _fieldCount - 1;
            var forceNotNull = _options.ForceNotNull is { } fnn && column < fnn.Length && fnn[column];
            EndField(!sawQuote && !forceNotNull && raw.SequenceEqual(_null));
            if (i >= line.Length)
            {
                break;
            }

            i++; // delimiter
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var bad = ex.BytesUnknown is { Length: > 0 } b ? b : [0];
            var hex = new StringBuilder();
            foreach (var x in bad)
            {
                if (hex.Length > 0)
                {
                    hex.Append(' ');
                }

                hex.Append("0x").Append(x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            throw new PgException(SqlState.CharacterNotInRepertoire, $"invalid byte sequence for encoding \"UTF8\": {hex}");
        }
    }

    private void CheckColumnCount()
    {
        if (_columnCount < 0)
        {
            return;
        }

        // An empty line for a one-column table is one empty field (text) — already so from the split.
        if (_fieldCount > _columnCount)
        {
            throw new PgException(SqlState.BadCopyFileFormat, "extra data after last expected column");
        }

        if (_fieldCount < _columnCount)
        {
            var name = _columnNames is not null ? _columnNames[_fieldCount] : "column" + (_fieldCount + 1);
            throw new PgException(SqlState.BadCopyFileFormat, $"missing data for column \"{name}\"");
        }
    }

    private void CheckHeader()
    {
        if (_options.Header != CopyHeader.Match || _columnNames is null)
        {
            return;
        }

        if (_fieldCount != _columnNames.Count)
        {
            throw new PgException(SqlState.BadCopyFileFormat,
                $"wrong number of fields in header line: got {_fieldCount}, expected {_columnNames.Count}");
        }

        for (var k = 0; k < _fieldCount; k++)
        {
            var field = FieldText(k);
            if (field is null)
            {
                throw new PgException(SqlState.BadCopyFileFormat,
                    $"column name mismatch in header line field {k + 1}: got null value (\"{_options.EffectiveNull}\"), expected \"{_columnNames[k]}\"");
            }

            if (!string.Equals(field, _columnNames[k], StringComparison.Ordinal))
            {
                throw new PgException(SqlState.BadCopyFileFormat,
                    $"column name mismatch in header line field {k + 1}: got \"{field}\", expected \"{_columnNames[k]}\"");
            }
        }
    }
}
