using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmenDb.Engine.Sessions;
using OmenDb.Server;
using OmenDb.Wire.Startup;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Auth;

/// <summary>
/// Authentication through Npgsql 10 (which opens without a query when type loading is off) and, for the SCRAM
/// corner cases Npgsql never sends, through a hand-written SCRAM client on a raw socket.
/// </summary>
public sealed class AuthenticationTests
{
    private const string Secret = "s3cret";

    private static readonly string s_scramSecret = ScramSecret.FromPassword(Secret).ToString();
    private static readonly string s_md5Hash = PasswordVerifier.Md5Hash(Secret, "postgres");

    public static TheoryData<AuthMethod, string> StoredForms => new()
    {
        { AuthMethod.Password, Secret },
        { AuthMethod.Password, s_md5Hash },
        { AuthMethod.Password, s_scramSecret },
        { AuthMethod.Md5, Secret },
        { AuthMethod.Md5, s_md5Hash },
        { AuthMethod.Md5, s_scramSecret },
        { AuthMethod.Scram, Secret },
        { AuthMethod.Scram, s_scramSecret },
    };

    [Theory]
    [MemberData(nameof(StoredForms))]
    public async Task RightPassword_Opens(AuthMethod method, string stored)
    {
        await using var server = await StartAsync(method, stored);
        await using var connection = await OpenAsync(server, "postgres", Secret);
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        Assert.StartsWith("15", connection.PostgreSqlVersion.Major.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoredForms))]
    public async Task WrongPassword_Is28P01(AuthMethod method, string stored)
    {
        await using var server = await StartAsync(method, stored);
        var error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(server, "postgres", "wrong"));
        Assert.Equal(("FATAL", "28P01"), (error.Severity, error.SqlState));
        Assert.Equal("password authentication failed for user \"postgres\"", error.MessageText);
    }

    [Fact]
    public async Task Trust_OpensWithoutPassword()
    {
        await using var server = await OmenDbServer.StartAsync(ServerOptions.ForTests());
        await using var connection = await OpenAsync(server, "postgres", null);
        Assert.True(connection.ProcessID > 0);
    }

    [Fact]
    public async Task ScramAgainstAnMd5Hash_Fails()
    {
        // An MD5 hash cannot produce SCRAM keys: PostgreSQL fails such a login, and so does OmenDb.
        await using var server = await StartAsync(AuthMethod.Scram, s_md5Hash);
        var error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(server, "postgres", Secret));
        Assert.Equal("28P01", error.SqlState);
    }

    [Fact]
    public async Task UnknownRole_WithPasswordAuth_FailsAsAWrongPassword()
    {
        await using var server = await StartAsync(AuthMethod.Scram, Secret);
        var error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(server, "nobody", Secret));
        Assert.Equal(("28P01", "password authentication failed for user \"nobody\""), (error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task SuperuserPassword_IsTheStoredPasswordOfPostgres()
    {
        await using var server = await OmenDbServer.StartAsync(new ServerOptions
        {
            Port = 0,
            InMemory = true,
            Authentication = AuthMethod.Md5,
            SuperuserPassword = Secret,
            ConfigureLogging = b => b.ClearProviders(),
        });
        await using var connection = await OpenAsync(server, "postgres", Secret);
    }

    [Theory]
    [InlineData('n')]
    [InlineData('y')]
    public async Task RawScram_ServerSignatureVerifies(char flag)
    {
        await using var server = await StartAsync(AuthMethod.Scram, s_scramSecret);
        await using var client = await RawClient.ConnectAsync(server.Port);
        await client.SendAsync(Msg.Startup(("user", "postgres")));
        var sasl = await client.ReadMessageAsync();
        Assert.Equal("0000000a" + Hex.Of("SCRAM-SHA-256\0\0"u8), Hex.Of(sasl!.Payload));

        var gs2 = flag + ",,";
        var clientFirstBare = "n=,r=rOprNGfwEbeRWgbNEkqO";
        await client.SendAsync(Msg.Build('p', Msg.CString("SCRAM-SHA-256"), Msg.Int32(gs2.Length + clientFirstBare.Length),
            Encoding.ASCII.GetBytes(gs2 + clientFirstBare)));
        var cont = await client.ReadMessageAsync();
        Assert.Equal(11, cont!.Int32At(0));
        var serverFirst = Encoding.ASCII.GetString(cont.Payload, 4, cont.Payload.Length - 4);
        var parts = serverFirst.Split(',').ToDictionary(p => p[..1], p => p[2..]);
        Assert.StartsWith("rOprNGfwEbeRWgbNEkqO", parts["r"], StringComparison.Ordinal);
        Assert.Equal("4096", parts["i"]);

        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Secret), Convert.FromBase64String(parts["s"]), 4096, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var withoutProof = $"c={Convert.ToBase64String(Encoding.ASCII.GetBytes(gs2))},r={parts["r"]}";
        var authMessage = Encoding.ASCII.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(storedKey, authMessage);
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        await client.SendAsync(Msg.Build('p', Encoding.ASCII.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}")));

        var final = await client.ReadMessageAsync();
        Assert.Equal(12, final!.Int32At(0));
        var serverSignature = HMACSHA256.HashData(HMACSHA256.HashData(salted, "Server Key"u8), authMessage);
        Assert.Equal("v=" + Convert.ToBase64String(serverSignature), Encoding.ASCII.GetString(final.Payload, 4, final.Payload.Length - 4));
        var rest = await client.ReadUntilReadyAsync();
        Assert.Equal('R', rest[0].Code);
        Assert.Equal(0, rest[0].Int32At(0));
        Assert.Equal('Z', rest[^1].Code);
    }

    [Fact]
    public async Task RawScram_ChannelBindingRequested_IsRejected()
    {
        await using var server = await StartAsync(AuthMethod.Scram, Secret);
        await using var client = await RawClient.ConnectAsync(server.Port);
        await client.SendAsync(Msg.Startup(("user", "postgres")));
        await client.ReadMessageAsync();
        var first = "p=tls-server-end-point,,n=,r=abc";
        await client.SendAsync(Msg.Build('p', Msg.CString("SCRAM-SHA-256"), Msg.Int32(first.Length), Encoding.ASCII.GetBytes(first)));
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(("FATAL", "08P01", "malformed SCRAM message"), (error.Severity, error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task Cleartext_ClientLeavesDuringAuthentication()
    {
        await using var server = await StartAsync(AuthMethod.Password, Secret);
        await using (var client = await RawClient.ConnectAsync(server.Port))
        {
            await client.SendAsync(Msg.Startup(("user", "postgres")));
            var request = await client.ReadMessageAsync();
            Assert.Equal(3, request!.Int32At(0));
        }

        await using var connection = await OpenAsync(server, "postgres", Secret);
    }

    private static Task<OmenDbServer> StartAsync(AuthMethod method, string stored) => OmenDbServer.StartAsync(new ServerOptions
    {
        Port = 0,
        InMemory = true,
        Authentication = method,
        Users = new Dictionary<string, string> { ["postgres"] = stored },
        ConfigureLogging = b => b.ClearProviders(),
    });

    private static string ConnectionString(OmenDbServer server, string user, string? password)
        => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = server.Port,
            Username = user,
            Password = password,
            Database = "postgres",
            Pooling = false,
            Timeout = 30,
        }.ConnectionString;

    /// <summary>Npgsql without type loading: Open then needs no SQL (it reads only the startup messages).</summary>
    private static async Task<NpgsqlConnection> OpenAsync(OmenDbServer server, string user, string? password)
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString(server, user, password));
        builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        // Unpooled: the data source holds nothing once the connection is open, and the connection outlives it.
        var dataSource = builder.Build();
        return await dataSource.OpenConnectionAsync();
    }
}
