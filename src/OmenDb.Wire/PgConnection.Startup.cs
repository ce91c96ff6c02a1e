using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Sessions;
using OmenDb.Wire.Framing;
using OmenDb.Wire.Messages;
using OmenDb.Wire.Startup;
using OmenDb.Wire.Types;

namespace OmenDb.Wire;

// Startup (protocol §55.2.1): SSLRequest/GSSENCRequest → 'N', CancelRequest, the startup packet, authentication,
// then ParameterStatus × n, BackendKeyData, ReadyForQuery. Not a hot path: packets are copied to arrays here.
internal sealed partial class PgConnection
{
    /// <summary>Runs the startup phase; true when the session is ready for queries.</summary>
    private async Task<bool> RunStartupAsync()
    {
        var encryptionRefused = false;
        while (true)
        {
            var packet = await ReadStartupPacketAsync().ConfigureAwait(false);
            if (packet is null)
            {
                return false;
            }

            var code = BinaryPrimitives.ReadInt32BigEndian(packet);
            if ((code == ProtocolConstants.SslRequestCode || code == ProtocolConstants.GssEncRequestCode) && !encryptionRefused)
            {
                // No TLS and no GSSAPI: refuse, and the client goes on in plaintext on the same socket.
                encryptionRefused = true;
                _out.WriteRaw(PregeneratedMessages.EncryptionRefused);
                await FlushAsync().ConfigureAwait(false);
                continue;
            }

            if (code == ProtocolConstants.CancelRequestCode)
            {
                if (packet.Length == 12)
                {
                    var processId = BinaryPrimitives.ReadInt32BigEndian(packet.AsSpan(4));
                    var matched = _engine.TryCancel(processId, BinaryPrimitives.ReadInt32BigEndian(packet.AsSpan(8)));
                    WireLog.CancelRequest(_logger, _connectionId, processId, matched);
                }

                return false;
            }

            return await StartSessionAsync(packet, code).ConfigureAwait(false);
        }
    }

    /// <summary>Reads one length-prefixed startup packet (without its length); null on EOF or an invalid length.</summary>
    private async Task<byte[]?> ReadStartupPacketAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync(_readToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                var length = ReadInt32(buffer);
                if (length < 8 || length > ProtocolConstants.MaxStartupPacketLength)
                {
                    // PostgreSQL logs "invalid length of startup packet" and closes without a word; so do we, plus the error.
                    _input.AdvanceTo(buffer.End);
                    await SendFatalAsync(SqlState.ProtocolViolation, "invalid length of startup packet").ConfigureAwait(false);
                    return null;
                }

                if (buffer.Length >= length)
                {
                    var packet = buffer.Slice(4, length - 4).ToArray();
                    _input.AdvanceTo(buffer.GetPosition(length));
                    return packet;
                }
            }

            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                return null;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static int ReadInt32(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> bytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(bytes);
        return BinaryPrimitives.ReadInt32BigEndian(bytes);
    }

    private async Task<bool> StartSessionAsync(byte[] packet, int version)
    {
        var major = version >>> 16;
        var minor = version & 0xFFFF;
        if (major < 3)
        {
            // A protocol-2 client can only read a protocol-2 error: 'E' and one string.
            _out.WriteVersion2Error($"FATAL:  unsupported frontend protocol {major}.{minor}: server supports 3.0 to 3.0\n");
            await FlushAsync().ConfigureAwait(false);
            return false;
        }

        if (major > 3)
        {
            await SendFatalAsync(SqlState.FeatureNotSupported, $"unsupported frontend protocol {major}.{minor}: server supports 3.0 to 3.0")
                .ConfigureAwait(false);
            return false;
        }

        Dictionary<string, string> parameters;
        List<string> unknownOptions;
        try
        {
            (parameters, unknownOptions) = ParseStartupParameters(packet);
        }
        catch (PgException ex)
        {
            await SendFatalAsync(ex.SqlState, ex.Message).ConfigureAwait(false);
            return false;
        }

        if (!parameters.Remove("user", out var user) || user.Length == 0)
        {
            await SendFatalAsync(SqlState.InvalidAuthorizationSpecification, "no PostgreSQL user name specified in startup packet")
                .ConfigureAwait(false);
            return false;
        }

        if (!parameters.Remove("database", out var database) || database.Length == 0)
        {
            database = user;
        }

        if (minor > 0 || unknownOptions.Count > 0)
        {
            _out.WriteNegotiateProtocolVersion(ProtocolConstants.Protocol30, unknownOptions);
        }

        if (!await AuthenticateAsync(user).ConfigureAwait(false))
        {
            return false;
        }

        _out.WriteRaw(PregeneratedMessages.AuthenticationOk);
        try
        {
            _session = _engine.CreateSession(user, database, parameters);
        }
        catch (PgException ex)
        {
            await SendFatalAsync(ex.SqlState, ex.Message).ConfigureAwait(false);
            return false;
        }

        foreach (var (name, value) in _session.ReportedParameters)
        {
            _out.WriteParameterStatus(name, value);
        }

        _out.WriteBackendKeyData(_session.ProcessId, _session.SecretKey);
        WireLog.SessionStarted(_logger, _connectionId, _session.ProcessId, user, database);
        WriteReadyForQuery();
        return await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Splits the name/value pairs of a startup packet (after the version) as ProcessStartupPacket does: the packet must
    /// end with the empty-name terminator; "_pq_." options are collected for NegotiateProtocolVersion.
    /// </summary>
    private static (Dictionary<string, string> Parameters, List<string> UnknownOptions) ParseStartupParameters(byte[] packet)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var span = packet.AsSpan(4);
        if (span.IsEmpty || span[^1] != 0)
        {
            ThrowLayout();
        }

        var offset = 0;
        while (offset < span.Length)
        {
            var nameLength = span[offset..].IndexOf((byte)0);
            if (nameLength == 0)
            {
                break;
            }

            var valueStart = offset + nameLength + 1;
            if (valueStart >= span.Length)
            {
                break;
            }

            var valueLength = span[valueStart..].IndexOf((byte)0);
            var name = Utf8Text.Decode(span.Slice(offset, nameLength), rejectNul: true);
            var value = Utf8Text.Decode(span.Slice(valueStart, valueLength), rejectNul: true);
            offset = valueStart + valueLength + 1;
            if (name.StartsWith("_pq_.", StringComparison.Ordinal))
            {
                unknown.Add(name);
                continue;
            }

            parameters[name] = value;
        }

        if (offset != span.Length - 1)
        {
            ThrowLayout();
        }

        return (parameters, unknown);

        static void ThrowLayout()
            => ThrowHelper.Throw(SqlState.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte");
    }

    /// <summary>Runs the configured authentication exchange; false (after a FATAL error) when it fails.</summary>
    private async Task<bool> AuthenticateAsync(string user)
    {
        var method = _options.Authentication;
        if (method == AuthMethod.Trust)
        {
            return true;
        }

        string? stored = null;
        if (_options.Passwords is { } passwords && passwords.TryGetValue(user, out var filePassword))
        {
            stored = filePassword;
        }
        else if (_engine.FindRole(user) is { } role)
        {
            stored = role.Password;
        }

        if (method == AuthMethod.Catalog)
        {
            // The role decides: a role without a password needs none, an MD5 hash gets md5 and anything else SCRAM-SHA-256.
            // An unknown role passes here, as under trust, and the session refuses it (28000) after AuthenticationOk.
            if (stored is null)
            {
                return true;
            }

            method = RolePassword.IsMd5Hash(stored) ? AuthMethod.Md5 : AuthMethod.Scram;
        }

        // As in PostgreSQL, md5 against a SCRAM secret runs SCRAM instead.
        if (method == AuthMethod.Md5 && stored is not null && ScramSecret.IsScramSecret(stored))
        {
            method = AuthMethod.Scram;
        }

        try
        {
            var ok = method switch
            {
                AuthMethod.Password => await AuthenticateCleartextAsync(user, stored).ConfigureAwait(false),
                AuthMethod.Md5 => await AuthenticateMd5Async(user, stored).ConfigureAwait(false),
                _ => await AuthenticateScramAsync(stored).ConfigureAwait(false),
            };
            if (ok is null)
            {
                return false;
            }

            if (ok == true)
            {
                return true;
            }
        }
        catch (PgException ex)
        {
            await SendFatalAsync(ex.SqlState, ex.Message, ex.Detail).ConfigureAwait(false);
            return false;
        }

        WireLog.AuthenticationFailed(_logger, _connectionId, user, method.ToString());
        await SendFatalAsync(SqlState.InvalidPassword, $"password authentication failed for user \"{user}\"").ConfigureAwait(false);
        return false;
    }

    /// <summary>AuthenticationCleartextPassword; null when the client left.</summary>
    private async Task<bool?> AuthenticateCleartextAsync(string user, string? stored)
    {
        _out.WriteRaw(PregeneratedMessages.AuthenticationCleartextPassword);
        var password = await ReadPasswordMessageAsync("password").ConfigureAwait(false);
        return password is null ? null : PasswordVerifier.VerifyCleartext(user, password, stored);
    }

    /// <summary>AuthenticationMD5Password with a random 4-byte salt; null when the client left.</summary>
    private async Task<bool?> AuthenticateMd5Async(string user, string? stored)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        _out.WriteAuthentication(5, salt);
        var response = await ReadPasswordMessageAsync("password").ConfigureAwait(false);
        return response is null ? null : PasswordVerifier.VerifyMd5(user, response, stored, salt);
    }

    /// <summary>SCRAM-SHA-256: AuthenticationSASL, SASLInitialResponse, SASLContinue, SASLResponse, SASLFinal; null when the client left.</summary>
    private async Task<bool?> AuthenticateScramAsync(string? stored)
    {
        ScramSecret? secret = null;
        if (stored is not null && !RolePassword.IsMd5Hash(stored))
        {
            secret = ScramSecret.IsScramSecret(stored) ? ScramSecret.TryParse(stored) : ScramSecret.FromPassword(stored);
        }

        var scram = new ScramServer(secret);
        _out.WriteRaw(PregeneratedMessages.AuthenticationSaslScramSha256);
        var initial = await ReadAuthMessageAsync("SASL").ConfigureAwait(false);
        if (initial is null)
        {
            return null;
        }

        // SASLInitialResponse: mechanism name, int32 length of the client-first-message (−1: none), the message.
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(initial));
        var length = -1;
        if (!reader.TryReadTo(out ReadOnlySpan<byte> mechanism, 0) || !reader.TryReadBigEndian(out length))
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation, "invalid SASL initial response message");
        }

        if (!mechanism.SequenceEqual("SCRAM-SHA-256"u8))
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation, "client selected an invalid SASL authentication mechanism");
        }

        if (length < 0 || reader.Remaining != length)
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation, "malformed SCRAM message");
        }

        var serverFirst = scram.HandleClientFirst(Encoding.UTF8.GetString(initial.AsSpan((int)reader.Consumed)));
        _out.WriteAuthentication(11, Encoding.UTF8.GetBytes(serverFirst));
        var final = await ReadAuthMessageAsync("SASL").ConfigureAwait(false);
        if (final is null)
        {
            return null;
        }

        if (!scram.TryHandleClientFinal(Encoding.UTF8.GetString(final), out var serverFinal))
        {
            return false;
        }

        _out.WriteAuthentication(12, Encoding.UTF8.GetBytes(serverFinal));
        return true;
    }

    /// <summary>Reads a PasswordMessage and returns its string (the payload must be exactly one C string).</summary>
    private async Task<string?> ReadPasswordMessageAsync(string kind)
    {
        var payload = await ReadAuthMessageAsync(kind).ConfigureAwait(false);
        if (payload is null)
        {
            return null;
        }

        if (payload.Length == 0 || Array.IndexOf(payload, (byte)0) != payload.Length - 1)
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation, "invalid password packet size");
        }

        return Utf8Text.Decode(payload.AsSpan(0, payload.Length - 1), rejectNul: true);
    }

    /// <summary>Flushes the pending authentication request and reads the client's 'p' message; null on EOF.</summary>
    private async Task<byte[]?> ReadAuthMessageAsync(string kind)
    {
        if (!await FlushAsync().ConfigureAwait(false))
        {
            return null;
        }

        while (true)
        {
            var result = await _input.ReadAsync(_readToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            var status = MessageFramer.TryRead(ref reader, _options.MaxMessageSize, out var message, out _, authenticating: true);
            switch (status)
            {
                case FrameStatus.Complete:
                    var payload = message.Payload.ToArray();
                    _input.AdvanceTo(reader.Position);
                    return payload;
                case FrameStatus.InvalidType:
                    _input.AdvanceTo(buffer.End);
                    ThrowHelper.Throw(SqlState.ProtocolViolation, $"expected {kind} response, got message type {(int)message.Code}");
                    break;
                case FrameStatus.InvalidLength:
                    _input.AdvanceTo(buffer.End);
                    ThrowHelper.Throw(SqlState.ProtocolViolation, "invalid message length");
                    break;
            }

            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                return null;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task SendFatalAsync(string sqlState, string message, string? detail = null)
    {
        WireLog.ProtocolError(_logger, _connectionId, sqlState, message);
        await TrySendFatalAsync(new PgException(sqlState, message) { Severity = "FATAL", Detail = detail }).ConfigureAwait(false);
    }
}
