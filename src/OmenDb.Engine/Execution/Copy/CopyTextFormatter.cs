using System.Buffers;
using System.Text;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Copy;

/// <summary>
/// COPY TO's row writer for text and CSV, byte for byte as PostgreSQL 15: text escapes backslash, the delimiter and
/// \b \f \n \r \t \v and writes NULL as <c>\N</c>; CSV quotes a field that contains the delimiter, the quote
/// character, CR or LF, or equals the NULL marker (and a lone <c>\.</c> in a one-column row), doubling quote and
/// escape characters inside quotes. Every row ends with "\n".
/// </summary>
public static class CopyTextFormatter
{
    /// <summary>Writes one row of already-formatted field texts (null = SQL NULL), line terminator included.</summary>
    public static void WriteRow(IBufferWriter<byte> writer, ReadOnlySpan<string?> fields, CopyOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        var csv = options.Format == CopyFormat.Csv;
        var delimiter = options.EffectiveDelimiter;
        var nullMarker = options.EffectiveNull;
        for (var k = 0; k < fields.Length; k++)
        {
            if (k > 0)
            {
                WriteChar(writer, delimiter);
            }

            var field = fields[k];
            if (field is null)
            {
                WriteString(writer, nullMarker);
                continue;
            }

            if (csv)
            {
                var forceQuote = options.ForceQuote is { } fq && k < fq.Length && fq[k];
                WriteCsvField(writer, field, options, forceQuote, fields.Length == 1);
            }
            else
            {
                WriteTextField(writer, field, delimiter);
            }
        }

        WriteChar(writer, '\n');
    }

    /// <summary>Writes the header line (column names) as COPY TO ... HEADER does.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, IReadOnlyList<string> columnNames, CopyOptions options)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        var names = new string?[columnNames.Count];
        for (var k = 0; k < names.Length; k++)
        {
            names[k] = columnNames[k];
        }

        // Header names are written like values, without FORCE_QUOTE.
        WriteRow(writer, names, options with { ForceQuote = null });
    }

    private static void WriteTextField(IBufferWriter<byte> writer, string field, char delimiter)
    {
        var start = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            var escape = c switch
            {
                '\\' => '\\',
                '\b' => 'b',
                '\f' => 'f',
                '\n' => 'n',
                '\r' => 'r',
                '\t' => 't',
                '\v' => 'v',
                _ => c == delimiter ? c : '\0',
            };
            if (escape == '\0')
            {
                continue;
            }

            WriteString(writer, field.AsSpan(start, i - start));
            WriteChar(writer, '\\');
            WriteChar(writer, escape);
            start = i + 1;
        }

        WriteString(writer, field.AsSpan(start));
    }

    private static void WriteCsvField(IBufferWriter<byte> writer, string field, CopyOptions options, bool forceQuote, bool singleColumn)
    {
        var delimiter = options.EffectiveDelimiter;
        var quote = options.EffectiveQuote;
        var escape = options.EffectiveEscape;
        var needQuote = forceQuote || field == options.EffectiveNull || (singleColumn && field == "\\.");
        if (!needQuote)
        {
            foreach (var c in field)
            {
                if (c == delimiter || c == quote || c is '\n' or '\r')
                {
                    needQuote = true;
                    break;
                }
            }
        }

        if (!needQuote)
        {
            WriteString(writer, field);
            return;
        }

        WriteChar(writer, quote);
        var start = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (c == quote || c == escape)
            {
                WriteString(writer, field.AsSpan(start, i - start));
                WriteChar(writer, escape);
                start = i;
            }
        }

        WriteString(writer, field.AsSpan(start));
        WriteChar(writer, quote);
    }

    private static void WriteChar(IBufferWriter<byte> writer, char c)
    {
        if (c < 0x80)
        {
            var span = writer.GetSpan(1);
            span[0] = (byte)c;
            writer.Advance(1);
            return;
        }

        WriteString(writer, [c]);
    }

    private static void WriteString(IBufferWriter<byte> writer, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var n = Encoding.UTF8.GetBytes(text, span);
        writer.Advance(n);
    }
}
