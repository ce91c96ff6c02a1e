namespace OmenDb.Wire.Startup;

/// <summary>How clients prove who they are (pg_hba.conf's methods that make sense without TLS or Kerberos).</summary>
public enum AuthMethod : byte
{
    /// <summary>No password: AuthenticationOk right away.</summary>
    Trust,

    /// <summary>AuthenticationCleartextPassword: the password in clear.</summary>
    Password,

    /// <summary>AuthenticationMD5Password: md5(md5(password + user) + salt). A role with a SCRAM secret gets SCRAM instead, as in PostgreSQL.</summary>
    Md5,

    /// <summary>SCRAM-SHA-256 (RFC 5802/7677) without channel binding.</summary>
    Scram,

    /// <summary>
    /// The default: each role as the catalog stores it. An unknown role is refused (28000), a role with a password
    /// authenticates with SCRAM-SHA-256 (md5 when the stored password is an MD5 hash), and a role without one, such as
    /// the bootstrap superuser when no password is configured, needs none. PostgreSQL's scram-sha-256 method would
    /// refuse the last case; keeping it lets local tools connect as postgres as before.
    /// </summary>
    Catalog,
}
