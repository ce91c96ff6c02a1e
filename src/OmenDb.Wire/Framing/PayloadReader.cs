using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using OmenDb.Common;
using OmenDb.Wire.Types;

namespace OmenDb.Wire.Framing;

/// <summary>
/// Reads the fields of one message payload in place (pqformat.c pq_getmsg*): big-endian integers, NUL-terminated
/// strings, counted byte strings. Short payloads fail with PostgreSQL's own 08P01 messages: "insufficient data
/// left in message", "invalid string in message", and "invalid message format" for trailing bytes.
/// </summary>
internal ref struct PayloadReader
{
    private SequenceReader<byte> _reader;

    /// <summary>Starts reading at the beginning of <paramref name="payload"/>.</summary>
    public PayloadReader(in ReadOnlySequence<byte> payload) => _reader = new SequenceReader<byte>(payload);

    /// <summary>Bytes left.</summary>
    public readonly long Remaining => _reader.Remaining;

    /// <summary>Reads one byte.</summary>
    public byte ReadByte()
    {
        if (!_reader.TryRead(out var value))
        {
            ThrowInsufficient();
        }

        return value;
    }

    /// <summary>Reads a big-endian int16.</summary>
    public short ReadInt16()
    {
        if (!_reader.TryReadBigEndian(out short value))
        {
            ThrowInsufficient();
        }

        return value;
    }

    /// <summary>Reads a big-endian int32.</summary>
    public int ReadInt32()
    {
        if (!_reader.TryReadBigEndian(out int value))
        {
            ThrowInsufficient();
        }

        return value;
    }

    /// <summary>Reads <paramref name="length"/> bytes as a slice of the payload (no copy).</summary>
    public ReadOnlySequence<byte> ReadBytes(int length)
    {
        if (length < 0 || _reader.Remaining < length)
        {
            ThrowInsufficient();
        }

        var start = _reader.Position;
        _reader.Advance(length);
        return _reader.Sequence.Slice(start, _reader.Position);
    }

    /// <summary>Reads the bytes of a NUL-terminated string (without the NUL) as a slice.</summary>
    public ReadOnlySequence<byte> ReadCStringBytes()
    {
        if (!_reader.TryReadTo(out ReadOnlySequence<byte> bytes, (byte)0, advancePastDelimiter: true))
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation, "invalid string in message");
        }

        return bytes;
    }

    /// <summary>Reads a NUL-terminated string and decodes it (verified UTF-8, 22021 otherwise).</summary>
    public string ReadCString()
    {
        var bytes = ReadCStringBytes();
        return bytes.IsEmpty ? string.Empty : Utf8Text.Decode(bytes, rejectNul: false);
    }

    /// <summary>Reads a NUL-terminated name through the connection's name cache (no allocation for names seen before).</summary>
    public string ReadName(NameCache cache)
    {
        var bytes = ReadCStringBytes();
        return bytes.IsEmpty ? string.Empty : cache.Get(bytes);
    }

    /// <summary>pq_getmsgend: the payload must be fully consumed.</summary>
    public readonly void EnsureEnd()
    {
        if (_reader.Remaining != 0)
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation, "invalid message format");
        }
    }

    [DoesNotReturn, StackTraceHidden, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowInsufficient() => ThrowHelper.Throw(SqlState.ProtocolViolation, "insufficient data left in message");
}
