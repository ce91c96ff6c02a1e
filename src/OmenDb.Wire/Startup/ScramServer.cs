using System.Security.Cryptography;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Sessions;

namespace OmenDb.Wire.Startup;

/// <summary>
/// The server side of one SCRAM-SHA-256 exchange as PostgreSQL implements it (auth-scram.c): plain SCRAM-SHA-256
/// only, never -PLUS (there is no TLS channel to bind to), so gs2 flag 'n' or 'y' is accepted and 'p' rejected; the
/// user name in the message is ignored in favour of the startup packet's. When the role has no usable secret the
/// exchange runs against a mock secret and fails at the end, so that the client cannot tell missing roles apart.
/// </summary>
internal sealed class ScramServer
{
    /// <summary>Bytes of server nonce (SCRAM_RAW_NONCE_LEN), sent in base64.</summary>
    private const int ServerNonceLength = 18;

    private readonly ScramSecret _secret;
    private readonly bool _mock;
    private string _clientFirstBare = "";
    private string _serverFirst = "";
    private string _nonce = "";
    private char _cbindFlag;

    /// <summary>Starts an exchange against <paramref name="secret"/>, or a mock one when null.</summary>
    public ScramServer(ScramSecret? secret)
    {
        _mock = secret is null;
        _secret = secret ?? new ScramSecret(ScramSecret.DefaultIterations, RandomNumberGenerator.GetBytes(ScramSecret.DefaultSaltLength),
            RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>Reads client-first-message and returns server-first-message ("r=…,s=…,i=…").</summary>
    public string HandleClientFirst(string message)
    {
        // gs2-header: cbind-flag "," [authzid] ","
        if (message.Length < 3)
        {
            ThrowMalformed("Attribute expected, but found end of string.");
        }

        _cbindFlag = message[0];
        var afterFlag = message.IndexOf(',', StringComparison.Ordinal);
        switch (_cbindFlag)
        {
            case 'n' or 'y' when afterFlag == 1:
                break;
            case 'p':
                ThrowMalformed("The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.");
                break;
            default:
                ThrowMalformed($"Unexpected channel-binding flag \"{Sanitize(message[0])}\".");
                break;
        }

        var afterAuthzid = message.IndexOf(',', afterFlag + 1);
        if (afterAuthzid < 0)
        {
            ThrowMalformed("Comma expected, but found end of string.");
        }

        if (afterAuthzid != afterFlag + 1)
        {
            ThrowHelper.Throw(SqlState.FeatureNotSupported, "client uses authorization identity, but it is not supported");
        }

        _clientFirstBare = message[(afterAuthzid + 1)..];
        var attributes = _clientFirstBare.Split(',');
        if (attributes.Length < 2 || !attributes[0].StartsWith("n=", StringComparison.Ordinal))
        {
            ThrowMalformed("Expected attribute \"n\".");
        }

        if (!attributes[1].StartsWith("r=", StringComparison.Ordinal) || attributes[1].Length == 2)
        {
            ThrowMalformed("Expected attribute \"r\".");
        }

        var clientNonce = attributes[1][2..];
        _nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(ServerNonceLength));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_secret.Salt)},i={_secret.Iterations}";
        return _serverFirst;
    }

    /// <summary>Reads client-final-message, checks the proof and returns server-final-message ("v=…"); false when the proof is wrong.</summary>
    public bool TryHandleClientFinal(string message, out string serverFinal)
    {
        serverFinal = "";
        var proofAt = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (!message.StartsWith("c=", StringComparison.Ordinal) || proofAt < 0)
        {
            ThrowMalformed("Expected attribute \"c\".");
        }

        var withoutProof = message[..proofAt];
        var attributes = withoutProof.Split(',');
        var expectedBinding = _cbindFlag == 'y' ? "eSws" : "biws";
        if (attributes[0] != "c=" + expectedBinding)
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation, "unexpected SCRAM channel-binding attribute in client-final-message");
        }

        if (attributes.Length < 2 || attributes[1] != "r=" + _nonce)
        {
            ThrowMalformed("Nonce does not match.");
        }

        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(message[(proofAt + 3)..]);
        }
        catch (FormatException)
        {
            ThrowMalformed("Malformed proof in client-final-message.");
            return false;
        }

        if (proof.Length != 32)
        {
            ThrowMalformed("Malformed proof in client-final-message.");
        }

        // AuthMessage = client-first-message-bare + "," + server-first-message + "," + client-final-message-without-proof
        var authMessage = Encoding.UTF8.GetBytes(_clientFirstBare + "," + _serverFirst + "," + withoutProof);
        var clientSignature = HMACSHA256.HashData(_secret.StoredKey, authMessage);
        var clientKey = new byte[32];
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] = (byte)(proof[i] ^ clientSignature[i]);
        }

        if (_mock || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), _secret.StoredKey))
        {
            return false;
        }

        serverFinal = "v=" + Convert.ToBase64String(HMACSHA256.HashData(_secret.ServerKey, authMessage));
        return true;
    }

    private static string Sanitize(char c) => c is >= ' ' and <= '~' ? c.ToString() : "?";

    private static void ThrowMalformed(string detail)
        => throw new PgException(SqlState.ProtocolViolation, "malformed SCRAM message") { Detail = detail, Severity = "FATAL" };
}
