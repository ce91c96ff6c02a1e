using OmenDb.Wire.Framing;

namespace OmenDb.Wire.Startup;

/// <summary>Protocol settings of a server: authentication and limits.</summary>
public sealed class WireOptions
{
    /// <summary>Default cap on message length: 1 GiB, like PostgreSQL's MaxAllocSize.</summary>
    public const int DefaultMaxMessageSize = ProtocolConstants.DefaultMaxMessageSize;

    /// <summary>The authentication method every connection must pass.</summary>
    public AuthMethod Authentication { get; init; } = AuthMethod.Catalog;

    /// <summary>
    /// Passwords by role name (the server's --users file), taking precedence over the role's stored password. A value
    /// may be plaintext, "md5" + hex, or a SCRAM-SHA-256 secret, like pg_authid.rolpassword.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Passwords { get; init; }

    /// <summary>Largest accepted length of a Query, Parse, Bind or CopyData message (the length field, in bytes).</summary>
    public int MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>While a result streams, the output is flushed whenever this many bytes are waiting (bounds memory per connection).</summary>
    public int FlushThreshold { get; init; } = 256 * 1024;
}
