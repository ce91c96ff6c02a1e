using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;
using OmenDb.Wire.Framing;

namespace OmenDb.Wire.Messages;

/// <summary>
/// Serialises backend messages into the connection's output (a PipeWriter in the server, any buffer writer in
/// tests and benchmarks). Every message computes its length first, asks for one span, writes and advances, so a
/// message is never split across GetSpan calls. Counts the bytes written since the last flush so that the
/// connection can flush in the middle of a large result.
/// </summary>
internal sealed partial class PgOutput
{
    /// <summary>pg_type OID of <c>record</c>.</summary>
    private const uint RecordOid = 2249;

    private IBufferWriter<byte> _writer;

    /// <summary>Writes into <paramref name="writer"/>.</summary>
    public PgOutput(IBufferWriter<byte> writer) => _writer = writer;

    /// <summary>Bytes written since the last <see cref="ResetUnflushed"/>.</summary>
    public long UnflushedBytes { get; private set; }

    /// <summary>The destination (a test can swap it between cases).</summary>
    public IBufferWriter<byte> Writer
    {
        get => _writer;
        set => _writer = value;
    }

    /// <summary>Called after the connection flushed.</summary>
    public void ResetUnflushed() => UnflushedBytes = 0;

    /// <summary>A span of at least <paramref name="sizeHint"/> bytes to write into.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeHint) => _writer.GetSpan(sizeHint);

    /// <summary>Commits <paramref name="count"/> bytes of the last span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count)
    {
        _writer.Advance(count);
        UnflushedBytes += count;
    }

    /// <summary>Copies pre-serialised bytes (see <see cref="PregeneratedMessages"/>).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_writer.GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    /// <summary>Writes the code and length of a message whose payload is <paramref name="payloadLength"/> bytes; returns the payload span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Begin(BackendMessageCode code, int payloadLength, out int total)
    {
        total = ProtocolConstants.HeaderLength + payloadLength;
        var span = _writer.GetSpan(total);
        span[0] = (byte)code;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], payloadLength + 4);
        return span.Slice(ProtocolConstants.HeaderLength, payloadLength);
    }

    /// <summary>ReadyForQuery with the session's transaction status.</summary>
    public void WriteReadyForQuery(TransactionStatus status) => WriteRaw(status switch
    {
        TransactionStatus.InBlock => PregeneratedMessages.ReadyForQueryInBlock,
        TransactionStatus.Failed => PregeneratedMessages.ReadyForQueryFailed,
        _ => PregeneratedMessages.ReadyForQueryIdle,
    });

    /// <summary>CommandComplete: the tag as a C string.</summary>
    public void WriteCommandComplete(string tag)
    {
        // tag bytes + NUL
        var tagLength = Encoding.UTF8.GetByteCount(tag);
        var payload = Begin(BackendMessageCode.CommandComplete, tagLength + 1, out var total);
        Encoding.UTF8.GetBytes(tag, payload);
        payload[tagLength] = 0;
        Advance(total);
    }

    /// <summary>CommandComplete with a tag given as UTF-8 bytes (e.g. "COPY " + count built on the stack).</summary>
    public void WriteCommandComplete(ReadOnlySpan<byte> tag)
    {
        var payload = Begin(BackendMessageCode.CommandComplete, tag.Length + 1, out var total);
        tag.CopyTo(payload);
        payload[tag.Length] = 0;
        Advance(total);
    }

    /// <summary>ParameterStatus: name and value as C strings.</summary>
    public void WriteParameterStatus(string name, string value)
    {
        // name + NUL + value + NUL
        var nameLength = Encoding.UTF8.GetByteCount(name);
        var valueLength = Encoding.UTF8.GetByteCount(value);
        var payload = Begin(BackendMessageCode.ParameterStatus, nameLength + 1 + valueLength + 1, out var total);
        Encoding.UTF8.GetBytes(name, payload);
        payload[nameLength] = 0;
        Encoding.UTF8.GetBytes(value, payload[(nameLength + 1)..]);
        payload[^1] = 0;
        Advance(total);
    }

    /// <summary>BackendKeyData: process id and secret key.</summary>
    public void WriteBackendKeyData(int processId, int secretKey)
    {
        var payload = Begin(BackendMessageCode.BackendKeyData, 8, out var total);
        BinaryPrimitives.WriteInt32BigEndian(payload, processId);
        BinaryPrimitives.WriteInt32BigEndian(payload[4..], secretKey);
        Advance(total);
    }

    /// <summary>An Authentication message: subtype then subtype-specific data (MD5 salt, SASL data).</summary>
    public void WriteAuthentication(int subtype, ReadOnlySpan<byte> data)
    {
        var payload = Begin(BackendMessageCode.Authentication, 4 + data.Length, out var total);
        BinaryPrimitives.WriteInt32BigEndian(payload, subtype);
        data.CopyTo(payload[4..]);
        Advance(total);
    }

    /// <summary>NegotiateProtocolVersion: newest supported version (3.0, as PostgreSQL 15 sends it) and the unrecognised options.</summary>
    public void WriteNegotiateProtocolVersion(int newestVersion, IReadOnlyList<string> unsupportedOptions)
    {
        // int32 version + int32 count + each option as a C string
        var length = 8;
        foreach (var option in unsupportedOptions)
        {
            length += Encoding.UTF8.GetByteCount(option) + 1;
        }

        var payload = Begin(BackendMessageCode.NegotiateProtocolVersion, length, out var total);
        BinaryPrimitives.WriteInt32BigEndian(payload, newestVersion);
        BinaryPrimitives.WriteInt32BigEndian(payload[4..], unsupportedOptions.Count);
        var offset = 8;
        foreach (var option in unsupportedOptions)
        {
            offset += Encoding.UTF8.GetBytes(option, payload[offset..]);
            payload[offset++] = 0;
        }

        Advance(total);
    }

    /// <summary>ParameterDescription: the OID of each parameter.</summary>
    public void WriteParameterDescription(IReadOnlyList<PgType> types)
    {
        // int16 count + int32 OID per parameter
        var payload = Begin(BackendMessageCode.ParameterDescription, 2 + (4 * types.Count), out var total);
        BinaryPrimitives.WriteInt16BigEndian(payload, (short)types.Count);
        for (var i = 0; i < types.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload[(2 + (4 * i))..], types[i].Oid);
        }

        Advance(total);
    }

    /// <summary>RowDescription: per field name, table OID, column number, type OID, typlen, typmod, format code.</summary>
    public void WriteRowDescription(IReadOnlyList<ResultColumn> columns, in Types.ResultFormats formats)
    {
        // int16 field count, then per field: name + NUL, int32 table OID, int16 attnum, int32 type OID,
        // int16 typlen, int32 typmod, int16 format = name + 19 bytes
        var length = 2;
        for (var i = 0; i < columns.Count; i++)
        {
            length += Encoding.UTF8.GetByteCount(columns[i].Name) + 19;
        }

        var payload = Begin(BackendMessageCode.RowDescription, length, out var total);
        BinaryPrimitives.WriteInt16BigEndian(payload, (short)columns.Count);
        var offset = 2;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            offset += Encoding.UTF8.GetBytes(column.Name, payload[offset..]);
            payload[offset++] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(payload[offset..], column.TableOid);
            BinaryPrimitives.WriteInt16BigEndian(payload[(offset + 4)..], column.ColumnNumber);
            BinaryPrimitives.WriteUInt32BigEndian(payload[(offset + 6)..], column.Type.Oid);
            BinaryPrimitives.WriteInt16BigEndian(payload[(offset + 10)..], column.Type.Length);
            // A record's typmod identifies its shape inside the engine only (RecordDescriptors); PostgreSQL sends -1.
            BinaryPrimitives.WriteInt32BigEndian(payload[(offset + 12)..], column.Type.Oid == RecordOid ? -1 : column.TypeModifier);
            BinaryPrimitives.WriteInt16BigEndian(payload[(offset + 16)..], formats.IsBinary(i) ? (short)1 : (short)0);
            offset += 18;
        }

        Advance(total);
    }

    /// <summary>CopyInResponse or CopyOutResponse: overall format, column count, per-column format.</summary>
    public void WriteCopyResponse(BackendMessageCode code, CopyFormat format, int columnCount)
    {
        // int8 overall format + int16 count + int16 per column
        var binary = format == CopyFormat.Binary ? (byte)1 : (byte)0;
        var payload = Begin(code, 3 + (2 * columnCount), out var total);
        payload[0] = binary;
        BinaryPrimitives.WriteInt16BigEndian(payload[1..], (short)columnCount);
        for (var i = 0; i < columnCount; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(payload[(3 + (2 * i))..], binary);
        }

        Advance(total);
    }

    /// <summary>CopyData carrying <paramref name="data"/>.</summary>
    public void WriteCopyData(ReadOnlySpan<byte> data)
    {
        var payload = Begin(BackendMessageCode.CopyData, data.Length, out var total);
        data.CopyTo(payload);
        Advance(total);
    }
}
