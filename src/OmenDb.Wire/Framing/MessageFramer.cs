using System.Buffers;
using System.Runtime.CompilerServices;

namespace OmenDb.Wire.Framing;

/// <summary>
/// Cuts frontend messages out of the input buffer: code byte, big-endian int32 length (which counts itself),
/// payload. Nothing is copied: the payload is a slice of the sequence. Mirrors postgres.c SocketBackend: the code
/// is checked before the length (an unknown code is FATAL 08P01 even when no length follows), and messages that
/// carry no user data are capped at <see cref="ProtocolConstants.SmallMessageLimit"/> bytes.
/// </summary>
internal static class MessageFramer
{
    /// <summary>
    /// Reads the message at <paramref name="reader"/>'s position. On <see cref="FrameStatus.Complete"/> the reader has
    /// moved past it; on any other status the reader is unchanged (a partial message consumes nothing).
    /// </summary>
    /// <param name="reader">The input, positioned at a message boundary.</param>
    /// <param name="maxMessageSize">Cap on the length field of messages that carry user data (Query, Parse, Bind, CopyData).</param>
    /// <param name="message">The message, or (code, empty) for <see cref="FrameStatus.InvalidType"/>/<see cref="FrameStatus.InvalidLength"/>.</param>
    /// <param name="length">The length field when it was read (for diagnostics), else 0.</param>
    /// <param name="authenticating">True while authenticating: then only password messages ('p') are valid, and only then.</param>
    public static FrameStatus TryRead(ref SequenceReader<byte> reader, int maxMessageSize, out FrontendMessage message, out int length,
        bool authenticating = false)
    {
        message = default;
        length = 0;
        if (!reader.TryPeek(out var codeByte))
        {
            return FrameStatus.Incomplete;
        }

        var code = (FrontendMessageCode)codeByte;
        var limit = authenticating
            ? (code == FrontendMessageCode.Password ? ProtocolConstants.MaxAuthMessageLength : 0)
            : MaxLength(code, maxMessageSize);
        if (limit == 0)
        {
            message = new FrontendMessage(code, default);
            return FrameStatus.InvalidType;
        }

        if (reader.Remaining < ProtocolConstants.HeaderLength)
        {
            return FrameStatus.Incomplete;
        }

        length = ReadLength(ref reader);
        if (length < 4 || length > limit)
        {
            message = new FrontendMessage(code, default);
            return FrameStatus.InvalidLength;
        }

        var payloadLength = length - 4;
        if (reader.Remaining - ProtocolConstants.HeaderLength < payloadLength)
        {
            return FrameStatus.Incomplete;
        }

        reader.Advance(ProtocolConstants.HeaderLength);
        var start = reader.Position;
        reader.Advance(payloadLength);
        message = new FrontendMessage(code, reader.Sequence.Slice(start, reader.Position));
        return FrameStatus.Complete;
    }

    /// <summary>
    /// The largest acceptable length field for a message code, or 0 when the code is not a frontend message the
    /// server accepts after authentication (PostgreSQL 15 postgres.c SocketBackend and copyfromparse.c CopyGetData).
    /// </summary>
    public static int MaxLength(FrontendMessageCode code, int maxMessageSize) => code switch
    {
        FrontendMessageCode.Query or FrontendMessageCode.Parse or FrontendMessageCode.Bind or FrontendMessageCode.CopyData
            or FrontendMessageCode.FunctionCall => maxMessageSize,
        FrontendMessageCode.Close or FrontendMessageCode.Describe or FrontendMessageCode.Execute or FrontendMessageCode.Flush
            or FrontendMessageCode.Sync or FrontendMessageCode.Terminate or FrontendMessageCode.CopyDone
            or FrontendMessageCode.CopyFail => ProtocolConstants.SmallMessageLimit,
        _ => 0,
    };

    /// <summary>Reads the big-endian length after the code byte without moving the reader.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadLength(ref SequenceReader<byte> reader)
    {
        var span = reader.UnreadSpan;
        if (span.Length >= ProtocolConstants.HeaderLength)
        {
            return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(span[1..]);
        }

        Span<byte> header = stackalloc byte[ProtocolConstants.HeaderLength];
        reader.TryCopyTo(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[1..]);
    }
}
