namespace OmenDb.Wire.Messages;

/// <summary>
/// Backend messages whose bytes never change, serialised once (code, big-endian int32 length including itself,
/// payload). The u8 literals live in the assembly's data section: writing one is a span copy.
/// </summary>
internal static class PregeneratedMessages
{
    /// <summary>ParseComplete.</summary>
    public static ReadOnlySpan<byte> ParseComplete => "1\0\0\0\u0004"u8;

    /// <summary>BindComplete.</summary>
    public static ReadOnlySpan<byte> BindComplete => "2\0\0\0\u0004"u8;

    /// <summary>CloseComplete.</summary>
    public static ReadOnlySpan<byte> CloseComplete => "3\0\0\0\u0004"u8;

    /// <summary>NoData.</summary>
    public static ReadOnlySpan<byte> NoData => "n\0\0\0\u0004"u8;

    /// <summary>EmptyQueryResponse.</summary>
    public static ReadOnlySpan<byte> EmptyQueryResponse => "I\0\0\0\u0004"u8;

    /// <summary>PortalSuspended.</summary>
    public static ReadOnlySpan<byte> PortalSuspended => "s\0\0\0\u0004"u8;

    /// <summary>CopyDone.</summary>
    public static ReadOnlySpan<byte> CopyDone => "c\0\0\0\u0004"u8;

    /// <summary>ReadyForQuery, idle.</summary>
    public static ReadOnlySpan<byte> ReadyForQueryIdle => "Z\0\0\0\u0005I"u8;

    /// <summary>ReadyForQuery, in a transaction block.</summary>
    public static ReadOnlySpan<byte> ReadyForQueryInBlock => "Z\0\0\0\u0005T"u8;

    /// <summary>ReadyForQuery, in a failed transaction block.</summary>
    public static ReadOnlySpan<byte> ReadyForQueryFailed => "Z\0\0\0\u0005E"u8;

    /// <summary>AuthenticationOk.</summary>
    public static ReadOnlySpan<byte> AuthenticationOk => "R\0\0\0\u0008\0\0\0\0"u8;

    /// <summary>AuthenticationCleartextPassword.</summary>
    public static ReadOnlySpan<byte> AuthenticationCleartextPassword => "R\0\0\0\u0008\0\0\0\u0003"u8;

    /// <summary>AuthenticationSASL offering only SCRAM-SHA-256 (never -PLUS: there is no TLS to bind to).</summary>
    public static ReadOnlySpan<byte> AuthenticationSaslScramSha256 => "R\0\0\0\u0017\0\0\0\u000aSCRAM-SHA-256\0\0"u8;

    /// <summary>The reply to SSLRequest and GSSENCRequest: not supported, continue in plaintext.</summary>
    public static ReadOnlySpan<byte> EncryptionRefused => "N"u8;
}
