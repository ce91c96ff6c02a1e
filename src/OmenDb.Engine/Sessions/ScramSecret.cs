using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmenDb.Engine.Sessions;

/// <summary>
/// A SCRAM-SHA-256 secret as pg_authid stores it: "SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey" (base64 parts).
/// StoredKey = SHA-256(ClientKey), ClientKey = HMAC(SaltedPassword, "Client Key"), ServerKey = HMAC(SaltedPassword,
/// "Server Key"), SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, iterations) (RFC 5802 §3).
/// </summary>
public sealed record ScramSecret(int Iterations, byte[] Salt, byte[] StoredKey, byte[] ServerKey)
{
    /// <summary>PostgreSQL's default iteration count (SCRAM_DEFAULT_ITERATIONS).</summary>
    public const int DefaultIterations = 4096;

    /// <summary>PostgreSQL's default salt length (SCRAM_DEFAULT_SALT_LEN).</summary>
    public const int DefaultSaltLength = 16;

    private const string Prefix = "SCRAM-SHA-256$";

    /// <summary>Whether a stored password is a SCRAM secret.</summary>
    public static bool IsScramSecret(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses a stored secret; null when it is malformed.</summary>
    public static ScramSecret? TryParse(string stored)
    {
        if (!IsScramSecret(stored))
        {
            return null;
        }

        var parts = stored[Prefix.Length..].Split('$');
        if (parts.Length != 2)
        {
            return null;
        }

        var head = parts[0].Split(':');
        var keys = parts[1].Split(':');
        if (head.Length != 2 || keys.Length != 2
            || !int.TryParse(head[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return null;
        }

        try
        {
            var secret = new ScramSecret(iterations, Convert.FromBase64String(head[1]), Convert.FromBase64String(keys[0]),
                Convert.FromBase64String(keys[1]));
            return secret.StoredKey.Length == 32 && secret.ServerKey.Length == 32 ? secret : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Derives the secret of a plaintext password with the given salt and iteration count.</summary>
    public static ScramSecret FromPassword(string password, byte[] salt, int iterations = DefaultIterations)
    {
        var salted = SaltedPassword(password, salt, iterations);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        return new ScramSecret(iterations, salt, SHA256.HashData(clientKey), HMACSHA256.HashData(salted, "Server Key"u8));
    }

    /// <summary>Derives a secret with a fresh random salt.</summary>
    public static ScramSecret FromPassword(string password) => FromPassword(password, RandomNumberGenerator.GetBytes(DefaultSaltLength));

    /// <summary>Hi(password, salt, i) of RFC 5802. The password is used as UTF-8 without SASLprep (same result for ASCII).</summary>
    public static byte[] SaltedPassword(string password, byte[] salt, int iterations)
        => Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);

    /// <summary>The stored form.</summary>
    public override string ToString()
        => $"{Prefix}{Iterations.ToString(CultureInfo.InvariantCulture)}:{Convert.ToBase64String(Salt)}$"
            + $"{Convert.ToBase64String(StoredKey)}:{Convert.ToBase64String(ServerKey)}";
}
