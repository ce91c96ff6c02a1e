using System.Security.Cryptography;
using System.Text;
using OmenDb.Engine.Sessions;

namespace OmenDb.Wire.Startup;

/// <summary>
/// Checks a password the client sent against what is stored for the role, whatever the stored form: plaintext,
/// "md5" + hex(md5(password + user)), or a SCRAM secret (crypt.c plain_crypt_verify / md5_crypt_verify).
/// Comparisons are constant-time.
/// </summary>
internal static class PasswordVerifier
{
    /// <summary>Cleartext password authentication.</summary>
    public static bool VerifyCleartext(string user, string presented, string? stored)
    {
        if (stored is null || presented.Length == 0)
        {
            return false;
        }

        if (ScramSecret.IsScramSecret(stored))
        {
            if (ScramSecret.TryParse(stored) is not { } secret)
            {
                return false;
            }

            var derived = ScramSecret.FromPassword(presented, secret.Salt, secret.Iterations);
            return CryptographicOperations.FixedTimeEquals(derived.StoredKey, secret.StoredKey)
                && CryptographicOperations.FixedTimeEquals(derived.ServerKey, secret.ServerKey);
        }

        if (RolePassword.IsMd5Hash(stored))
        {
            return FixedTimeEquals(Md5Hash(presented, user), stored);
        }

        return FixedTimeEquals(presented, stored);
    }

    /// <summary>MD5 authentication: the client sends "md5" + hex(md5(hex(md5(password + user)) + salt)).</summary>
    public static bool VerifyMd5(string user, string presented, string? stored, ReadOnlySpan<byte> salt)
    {
        if (stored is null || ScramSecret.IsScramSecret(stored))
        {
            return false;
        }

        var inner = RolePassword.IsMd5Hash(stored) ? stored : Md5Hash(stored, user);
        var innerHex = Encoding.ASCII.GetBytes(inner[3..]);
        var buffer = new byte[innerHex.Length + salt.Length];
        innerHex.CopyTo(buffer, 0);
        salt.CopyTo(buffer.AsSpan(innerHex.Length));
        var expected = "md5" + Convert.ToHexStringLower(MD5.HashData(buffer));
        return FixedTimeEquals(presented, expected);
    }

    /// <summary>pg_md5_encrypt: "md5" + hex(md5(password + user)).</summary>
    public static string Md5Hash(string password, string user)
        => "md5" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password + user)));

    private static bool FixedTimeEquals(string a, string b)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
