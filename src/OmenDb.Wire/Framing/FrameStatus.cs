namespace OmenDb.Wire.Framing;

/// <summary>What <see cref="MessageFramer.TryRead"/> found at the reader's position.</summary>
internal enum FrameStatus : byte
{
    /// <summary>A whole message: the reader moved past it.</summary>
    Complete,

    /// <summary>Only part of a message is buffered: nothing was consumed.</summary>
    Incomplete,

    /// <summary>The code byte names no frontend message (PostgreSQL: FATAL 08P01 "invalid frontend message type").</summary>
    InvalidType,

    /// <summary>The length is below 4 or above the cap for this message type (PostgreSQL closes the connection).</summary>
    InvalidLength,
}
