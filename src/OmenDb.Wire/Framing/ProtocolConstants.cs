namespace OmenDb.Wire.Framing;

/// <summary>Numbers fixed by the protocol or by PostgreSQL 15's implementation of it (pqcomm.h, postgres.c).</summary>
internal static class ProtocolConstants
{
    /// <summary>Protocol 3.0 as the startup packet spells it: major 3 in the high 16 bits, minor 0.</summary>
    public const int Protocol30 = 3 << 16;

    /// <summary>SSLRequest "version": 1234 in the high 16 bits, 5679 in the low.</summary>
    public const int SslRequestCode = (1234 << 16) | 5679;

    /// <summary>GSSENCRequest "version": 1234/5680.</summary>
    public const int GssEncRequestCode = (1234 << 16) | 5680;

    /// <summary>CancelRequest "version": 1234/5678.</summary>
    public const int CancelRequestCode = (1234 << 16) | 5678;

    /// <summary>MAX_STARTUP_PACKET_LENGTH in pqcomm.h: a longer startup packet is rejected.</summary>
    public const int MaxStartupPacketLength = 10_000;

    /// <summary>
    /// PQ_SMALL_MESSAGE_LIMIT: the cap postgres.c SocketBackend puts on messages that carry no user data
    /// (Close, Describe, Execute, Flush, Sync, Terminate, CopyDone).
    /// </summary>
    public const int SmallMessageLimit = 10_000;

    /// <summary>PG_MAX_AUTH_TOKEN_LENGTH in auth.c: the cap on password and SASL messages.</summary>
    public const int MaxAuthMessageLength = 65_535;

    /// <summary>Default for the large-message cap (Query, Parse, Bind, CopyData, CopyFail): 1 GiB like PostgreSQL's MaxAllocSize.</summary>
    public const int DefaultMaxMessageSize = 1 << 30;

    /// <summary>Message code byte + int32 length.</summary>
    public const int HeaderLength = 5;
}
