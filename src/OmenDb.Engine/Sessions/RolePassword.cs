namespace OmenDb.Engine.Sessions;

/// <summary>
/// What CREATE/ALTER ROLE ... PASSWORD stores in pg_authid.rolpassword (PostgreSQL's encrypt_password with
/// password_encryption = scram-sha-256): a text that already is an MD5 hash or a valid SCRAM secret is kept as given,
/// anything else becomes a SCRAM-SHA-256 secret with a fresh salt. The plaintext is never stored.
/// </summary>
public static class RolePassword
{
    /// <summary>The stored form of <paramref name="password"/> (not empty: the caller clears the password then).</summary>
    public static string ToStored(string password)
        => IsMd5Hash(password) || ScramSecret.TryParse(password) is not null ? password : ScramSecret.FromPassword(password).ToString();

    /// <summary>Whether a stored password is an MD5 hash ("md5" + 32 lower-case hex digits).</summary>
    public static bool IsMd5Hash(string stored)
        => stored.Length == 35 && stored.StartsWith("md5", StringComparison.Ordinal) && !stored.AsSpan(3).ContainsAnyExcept("0123456789abcdef");
}
