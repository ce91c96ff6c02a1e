using Npgsql;
using OmenDb.Server;
using OmenDb.Wire.Startup;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Auth;

/// <summary>
/// Logins against the catalog's roles under the default method (<see cref="AuthMethod.Catalog"/>): CREATE ROLE ...
/// PASSWORD stores a SCRAM-SHA-256 secret, the client must prove it, and unknown or NOLOGIN roles are refused with
/// PostgreSQL's SQLSTATEs and messages. The bootstrap superuser without a configured password still needs none.
/// </summary>
public sealed class RoleLoginTests : IAsyncLifetime
{
    private OmenDbServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await OmenDbServer.StartAsync(ServerOptions.ForTests());
        await using var admin = await NpgsqlConnections.OpenAsync(_server.Port);
        foreach (var sql in new[]
        {
            "CREATE ROLE rl_alice LOGIN PASSWORD 'alice pw'",
            "CREATE USER rl_carol PASSWORD '" + PasswordVerifier.Md5Hash("carol pw", "rl_carol") + "'",
            "CREATE ROLE rl_bob PASSWORD 'bob pw'",
            "CREATE ROLE rl_dave LOGIN",
        })
        {
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CreateRole_StoresAScramSecretNotThePassword()
    {
        await using var admin = await NpgsqlConnections.OpenAsync(_server.Port);
        await using var command = new NpgsqlCommand("SELECT rolpassword FROM pg_authid WHERE rolname = 'rl_alice'", admin);
        var stored = (string)(await command.ExecuteScalarAsync())!;
        Assert.StartsWith("SCRAM-SHA-256$4096:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("alice pw", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RightPassword_Opens_WithScram()
    {
        await using var connection = await OpenAsync("rl_alice", "alice pw");
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        Assert.Equal("rl_alice", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task StoredMd5Hash_OpensWithMd5()
    {
        await using var connection = await OpenAsync("rl_carol", "carol pw");
        Assert.True(connection.ProcessID > 0);
    }

    [Theory]
    [InlineData("rl_alice", "wrong")]
    [InlineData("rl_carol", "wrong")]
    public async Task WrongPassword_Is28P01(string user, string password)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(user, password));
        Assert.Equal(("FATAL", "28P01", $"password authentication failed for user \"{user}\""), (error.Severity, error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task UnknownRole_Is28000()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync("rl_nobody", "x"));
        Assert.Equal(("FATAL", "28000", "role \"rl_nobody\" does not exist"), (error.Severity, error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task NoLoginRole_Is28000_AfterTheRightPassword()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync("rl_bob", "bob pw"));
        Assert.Equal(("FATAL", "28000", "role \"rl_bob\" is not permitted to log in"), (error.Severity, error.SqlState, error.MessageText));
        var wrong = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync("rl_bob", "wrong"));
        Assert.Equal("28P01", wrong.SqlState);
    }

    [Fact]
    public async Task RoleWithoutPassword_NeedsNone()
    {
        await using var connection = await OpenAsync("rl_dave", null);
        Assert.True(connection.ProcessID > 0);
    }

    [Fact]
    public async Task AlterRolePassword_ChangesTheSecret_AndAnEmptyPasswordClearsIt()
    {
        await using var admin = await NpgsqlConnections.OpenAsync(_server.Port);
        await using (var create = new NpgsqlCommand("CREATE ROLE rl_erin LOGIN PASSWORD 'old'; ALTER ROLE rl_erin PASSWORD 'new'", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        Assert.Equal("28P01", (await Assert.ThrowsAsync<PostgresException>(() => OpenAsync("rl_erin", "old"))).SqlState);
        await using (var connection = await OpenAsync("rl_erin", "new"))
        {
            Assert.True(connection.ProcessID > 0);
        }

        var notices = new List<string>();
        admin.Notice += (_, e) => notices.Add(e.Notice.MessageText);
        await using (var clear = new NpgsqlCommand("ALTER ROLE rl_erin PASSWORD ''", admin))
        {
            await clear.ExecuteNonQueryAsync();
        }

        Assert.Equal(["empty string is not a valid password, clearing password"], notices);
        await using var check = new NpgsqlCommand("SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = 'rl_erin'", admin);
        Assert.Equal(true, await check.ExecuteScalarAsync());
    }

    private Task<NpgsqlConnection> OpenAsync(string user, string? password)
        => NpgsqlConnections.OpenAsync(_server.Port, user: user, password: password);
}
