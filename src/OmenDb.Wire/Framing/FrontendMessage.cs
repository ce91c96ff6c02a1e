using System.Buffers;

namespace OmenDb.Wire.Framing;

/// <summary>
/// One framed frontend message: its code and its payload (the bytes after the length), a slice of the
/// connection's input buffer, valid until the reader is advanced past it.
/// </summary>
/// <param name="Code">The message code.</param>
/// <param name="Payload">The message body without code and length.</param>
internal readonly record struct FrontendMessage(FrontendMessageCode Code, ReadOnlySequence<byte> Payload)
{
    /// <summary>The value of the length field (payload + 4).</summary>
    public int Length => (int)Payload.Length + 4;
}
