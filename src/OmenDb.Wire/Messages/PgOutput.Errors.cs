using System.Globalization;
using System.Text;
using OmenDb.Common;
using OmenDb.Wire.Framing;

namespace OmenDb.Wire.Messages;

internal sealed partial class PgOutput
{
    /// <summary>ErrorResponse with every field the exception carries (protocol §55.8 "Error and Notice Message Fields").</summary>
    public void WriteError(PgException error)
    {
        var position = error.Position > 0 ? error.Position.ToString(CultureInfo.InvariantCulture) : null;
        WriteFields(BackendMessageCode.ErrorResponse, error.Severity, error.SqlState, error.Message, error.Detail, error.Hint,
            position, error.Where, error.SchemaName, error.TableName, error.ColumnName, error.DataTypeName, error.ConstraintName);
    }

    /// <summary>NoticeResponse.</summary>
    public void WriteNotice(PgNotice notice)
        => WriteFields(BackendMessageCode.NoticeResponse, notice.Severity, notice.SqlState, notice.Message, notice.Detail, notice.Hint,
            null, null, null, null, null, null, null);

    /// <summary>An ErrorResponse in the protocol-2 format (code 'E' then one C string): what PostgreSQL sends to a client that asked for protocol 2.</summary>
    public void WriteVersion2Error(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var span = GetSpan(length + 2);
        span[0] = (byte)'E';
        Encoding.UTF8.GetBytes(text, span[1..]);
        span[length + 1] = 0;
        Advance(length + 2);
    }

    private void WriteFields(BackendMessageCode code, string severity, string sqlState, string message, string? detail, string? hint,
        string? position, string? where, string? schema, string? table, string? column, string? dataType, string? constraint)
    {
        // each present field: type byte + UTF-8 text + NUL; then the terminating NUL
        var length = 1 + FieldLength(severity) + FieldLength(severity) + FieldLength(sqlState) + FieldLength(message)
            + FieldLength(detail) + FieldLength(hint) + FieldLength(position) + FieldLength(where) + FieldLength(schema)
            + FieldLength(table) + FieldLength(column) + FieldLength(dataType) + FieldLength(constraint);
        var total = ProtocolConstants.HeaderLength + length;
        var span = GetSpan(total);
        span[0] = (byte)code;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(span[1..], length + 4);
        var offset = ProtocolConstants.HeaderLength;
        WriteField(span, ref offset, (byte)'S', severity);
        WriteField(span, ref offset, (byte)'V', severity);
        WriteField(span, ref offset, (byte)'C', sqlState);
        WriteField(span, ref offset, (byte)'M', message);
        WriteField(span, ref offset, (byte)'D', detail);
        WriteField(span, ref offset, (byte)'H', hint);
        WriteField(span, ref offset, (byte)'P', position);
        WriteField(span, ref offset, (byte)'W', where);
        WriteField(span, ref offset, (byte)'s', schema);
        WriteField(span, ref offset, (byte)'t', table);
        WriteField(span, ref offset, (byte)'c', column);
        WriteField(span, ref offset, (byte)'d', dataType);
        WriteField(span, ref offset, (byte)'n', constraint);
        span[offset++] = 0;
        System.Diagnostics.Debug.Assert(offset == total, "ErrorResponse length computed wrongly");
        Advance(total);
    }

    private static int FieldLength(string? value) => value is null ? 0 : 2 + Encoding.UTF8.GetByteCount(value);

    private static void WriteField(Span<byte> span, ref int offset, byte type, string? value)
    {
        if (value is null)
        {
            return;
        }

        span[offset++] = type;
        offset += Encoding.UTF8.GetBytes(value, span[offset..]);
        span[offset++] = 0;
    }
}
