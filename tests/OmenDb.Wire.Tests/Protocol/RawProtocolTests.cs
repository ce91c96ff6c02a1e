using System.Text;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>
/// Bad and unusual input on raw sockets. Every expectation was checked against PostgreSQL 15.20 on this machine
/// (same bytes sent, same SQLSTATE, message, and whether the connection closes); where OmenDb deliberately differs
/// the test says so. After each case the fixture's observer connection must still answer.
/// </summary>
public sealed class RawProtocolTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Port;

    [Fact]
    public async Task SslRequest_IsRefusedWithN_ThenStartupProceeds()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.SslRequest);
        Assert.Equal('N', await client.ReadByteAsync());
        await client.SendAsync(Msg.Startup(("user", "postgres")));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("R", messages[0].Code.ToString());
        Assert.Equal(0, messages[0].Int32At(0));
        Assert.Contains(messages, m => m.Code == 'K');
        Assert.Equal('Z', messages[^1].Code);
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task GssEncRequest_IsRefusedWithN()
    {
        // PostgreSQL built with GSSAPI answers 'G' only when it can encrypt; without it, 'N' like SSL.
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.GssEncRequest);
        Assert.Equal('N', await client.ReadByteAsync());
        await client.SendAsync(Msg.Startup(("user", "postgres")));
        Assert.Equal('Z', (await client.ReadUntilReadyAsync())[^1].Code);
    }

    [Fact]
    public async Task SecondSslRequest_IsAnUnsupportedProtocol()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.SslRequest);
        Assert.Equal('N', await client.ReadByteAsync());
        await client.SendAsync(Msg.SslRequest);
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal("0A000", error.SqlState);
        Assert.Equal("unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0", error.MessageText);
    }

    [Fact]
    public async Task StartupWithoutUser_IsFatal28000()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Startup(("database", "postgres")));
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(('E', "FATAL", "28000"), (error.Code, error.Severity, error.SqlState));
        Assert.Equal("no PostgreSQL user name specified in startup packet", error.MessageText);
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task UnknownRole_AuthenticatesThenIsFatal28000()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Startup(("user", "nobody")));
        var messages = await client.ReadUntilClosedAsync();
        Assert.Equal(2, messages.Count);
        Assert.Equal('R', messages[0].Code);
        Assert.Equal(("FATAL", "28000", "role \"nobody\" does not exist"), (messages[1].Severity, messages[1].SqlState, messages[1].MessageText));
    }

    [Fact]
    public async Task UnknownDatabase_IsFatal3D000()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Startup(("user", "postgres"), ("database", "nodb")));
        var messages = await client.ReadUntilClosedAsync();
        Assert.Equal(("FATAL", "3D000", "database \"nodb\" does not exist"), (messages[^1].Severity, messages[^1].SqlState, messages[^1].MessageText));
    }

    [Fact]
    public async Task DatabaseDefaultsToUserName()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Startup(("user", "postgres")));
        Assert.Equal('Z', (await client.ReadUntilReadyAsync())[^1].Code);
    }

    [Fact]
    public async Task Startup_ReportsParametersAndBackendKey()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Startup(("user", "postgres"), ("client_encoding", "UTF8"), ("application_name", "t")));
        var messages = await client.ReadUntilReadyAsync();
        var parameters = messages.Where(m => m.Code == 'S')
            .Select(m => Encoding.UTF8.GetString(m.Payload).Split('\0'))
            .ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("UTF8", parameters["client_encoding"]);
        Assert.StartsWith("ISO", parameters["DateStyle"], StringComparison.Ordinal);
        Assert.Equal("on", parameters["integer_datetimes"]);
        Assert.Equal("on", parameters["standard_conforming_strings"]);
        Assert.StartsWith("15", parameters["server_version"], StringComparison.Ordinal);
        Assert.Equal(8, messages.Single(m => m.Code == 'K').Payload.Length);
        Assert.Equal([(byte)'I'], messages[^1].Payload);
    }

    [Fact]
    public async Task Protocol2_GetsAVersion2Error()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Startup(2 << 16, ("user", "postgres")));
        var bytes = await client.ReadAllBytesAsync();
        Assert.Equal("EFATAL:  unsupported frontend protocol 2.0: server supports 3.0 to 3.0\n\0", Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public async Task Protocol4_IsFatal0A000()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Startup(4 << 16, ("user", "postgres")));
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(("FATAL", "0A000"), (error.Severity, error.SqlState));
        Assert.Equal("unsupported frontend protocol 4.0: server supports 3.0 to 3.0", error.MessageText);
    }

    [Fact]
    public async Task NewerMinorVersionAndUnknownOptions_NegotiateProtocolVersion()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Startup((3 << 16) | 5, ("user", "postgres"), ("_pq_.foo", "1")));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal('v', messages[0].Code);
        Assert.Equal("00030000" + "00000001" + Hex.Of("_pq_.foo\0"u8), Hex.Of(messages[0].Payload));
        Assert.Equal('R', messages[1].Code);
        Assert.Equal('Z', messages[^1].Code);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(10_001)]
    public async Task StartupPacketLength_Invalid_Closes(int length)
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Concat(Msg.Int32(length), Msg.Int32(3 << 16)));
        // PostgreSQL only logs "invalid length of startup packet" (08P01) and closes; OmenDb also sends it.
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(("FATAL", "08P01", "invalid length of startup packet"), (error.Severity, error.SqlState, error.MessageText));
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task HttpRequest_IsRejectedAsAStartupPacket()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var messages = await client.ReadUntilClosedAsync();
        Assert.All(messages, m => Assert.Equal("08P01", m.SqlState));
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task StartupPacketWithoutTerminator_IsFatal08P01()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.Concat(Msg.Int32(13), Msg.Int32(3 << 16), "user\0"u8.ToArray()));
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(("FATAL", "08P01", "invalid startup packet layout: expected terminator as last byte"),
            (error.Severity, error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task CancelRequest_ForUnknownKey_ClosesWithoutReply()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendAsync(Msg.CancelRequest(1, 2));
        Assert.Empty(await client.ReadAllBytesAsync());
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task CancelRequest_ForALiveSession_LeavesItUsable()
    {
        await using var target = await RawClient.ConnectReadyAsync(Port);
        await using var canceller = await RawClient.ConnectAsync(Port);
        await canceller.SendAsync(Msg.CancelRequest(target.BackendKey!.Int32At(0), target.BackendKey.Int32At(4)));
        Assert.Empty(await canceller.ReadAllBytesAsync());
        await target.SendAsync(Msg.Sync);
        Assert.Equal('Z', Assert.Single(await target.ReadUntilReadyAsync()).Code);
    }

    [Fact]
    public async Task MessageLengthBelowFour_IsFatal08P01AndCloses()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync("Q\0\0\0\u0003"u8.ToArray());
        // PostgreSQL logs "invalid message length" (08P01) and closes; OmenDb also sends it as FATAL.
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(("FATAL", "08P01", "invalid message length"), (error.Severity, error.SqlState, error.MessageText));
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task MessageAboveMaxSize_IsFatal08P01AndCloses()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        var query = Msg.Query("select 1" + new string(' ', 2 * ServerFixture.MaxMessageSize));
        await client.SendIgnoringResetAsync(query);
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(("FATAL", "08P01", "invalid message length"), (error.Severity, error.SqlState, error.MessageText));
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task SmallMessageAboveItsLimit_IsFatal08P01()
    {
        // Sync, Describe, Execute... are capped at 10,000 bytes (PQ_SMALL_MESSAGE_LIMIT) whatever the configured maximum.
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendIgnoringResetAsync(Msg.Build('S', new byte[65_532]));
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal("08P01", error.SqlState);
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task UnknownMessageType_IsFatal08P01()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Build('@', "abc"u8.ToArray()));
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(("FATAL", "08P01", "invalid frontend message type 64"), (error.Severity, error.SqlState, error.MessageText));
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task UnknownMessageType_IsCheckedBeforeTheLength()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync([(byte)'@']);
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal("invalid frontend message type 64", error.MessageText);
    }

    [Fact]
    public async Task MessageTruncatedBySocketClose_EndsOnlyThatSession()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync("Q\0\0\0\u0020sel"u8.ToArray());
        client.ShutdownSend();
        Assert.Empty(await client.ReadUntilClosedAsync());
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task BindToMissingStatement_Is26000_AndTheConnectionGoesOn()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Bind("", "nope", [], []), Msg.Execute(""), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(2, reply.Count);
        Assert.Equal(("ERROR", "26000", "prepared statement \"nope\" does not exist"), (reply[0].Severity, reply[0].SqlState, reply[0].MessageText));
        Assert.Equal('Z', reply[1].Code);
        await client.SendAsync(Msg.Sync);
        Assert.Equal('Z', Assert.Single(await client.ReadUntilReadyAsync()).Code);
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task AfterAnError_MessagesAreDiscardedUntilSync()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Describe('S', "nope"), Msg.Describe('S', "nope2"), Msg.Query("select 1"), Msg.Close('S', "x"), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(2, reply.Count);
        Assert.Equal("prepared statement \"nope\" does not exist", reply[0].MessageText);
        Assert.Equal('Z', reply[1].Code);
    }

    [Theory]
    [InlineData('P', "34000", "portal \"nope\" does not exist")]
    [InlineData('S', "26000", "prepared statement \"nope\" does not exist")]
    public async Task DescribeMissing(char kind, string sqlState, string message)
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Describe(kind, "nope"), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal((sqlState, message), (reply[0].SqlState, reply[0].MessageText));
    }

    [Fact]
    public async Task ExecuteMissingPortal_Is34000()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Execute("nope"), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("34000", "portal \"nope\" does not exist"), (reply[0].SqlState, reply[0].MessageText));
    }

    [Fact]
    public async Task CloseMissing_IsNotAnError()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Close('S', "nope"), Msg.Close('P', "nope"), Msg.Sync);
        Assert.Equal("33Z", new string((await client.ReadUntilReadyAsync()).Select(m => m.Code).ToArray()));
    }

    [Theory]
    [InlineData('D', "invalid DESCRIBE message subtype 88")]
    [InlineData('C', "invalid CLOSE message subtype 88")]
    public async Task BadSubtype_Is08P01Error(char code, string message)
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Build(code, "Xnope\0"u8.ToArray()), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("ERROR", "08P01", message), (reply[0].Severity, reply[0].SqlState, reply[0].MessageText));
        Assert.Equal('Z', reply[1].Code);
    }

    [Theory]
    [InlineData("Snope", "invalid string in message")]
    [InlineData("Snope\0xx", "invalid message format")]
    public async Task MalformedPayload_Is08P01Error(string payload, string message)
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Build('D', Encoding.ASCII.GetBytes(payload)), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("08P01", message), (reply[0].SqlState, reply[0].MessageText));
        Assert.Equal('Z', reply[1].Code);
    }

    [Fact]
    public async Task ExecuteWithMissingBytes_IsInsufficientData()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Build('E', [0, 0]), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("08P01", "insufficient data left in message"), (reply[0].SqlState, reply[0].MessageText));
    }

    [Fact]
    public async Task SyncWithExtraBytes_IsAnErrorThenReadyForQuery()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Build('S', "xx"u8.ToArray()));
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("08P01", "invalid message format"), (reply[0].SqlState, reply[0].MessageText));
        Assert.Equal('Z', reply[1].Code);
    }

    [Fact]
    public async Task InvalidUtf8InQuery_Is22021_ThenReadyForQuery()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Build('Q', "select '"u8.ToArray(), [0xff, 0xfe], "'\0"u8.ToArray()));
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("ERROR", "22021", "invalid byte sequence for encoding \"UTF8\": 0xff"),
            (reply[0].Severity, reply[0].SqlState, reply[0].MessageText));
        Assert.Equal('Z', reply[1].Code);
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task InvalidUtf8InParse_Is22021_WithTheWholeCharacter()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Build('P', [0], "select '"u8.ToArray(), [0xc3], "'\0"u8.ToArray(), [0, 0]), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("22021", "invalid byte sequence for encoding \"UTF8\": 0xc3 0x27"), (reply[0].SqlState, reply[0].MessageText));
        Assert.Equal('Z', reply[1].Code);
    }

    [Fact]
    public async Task TenThousandPipelinedCloses_ThenSync()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        var close = Msg.Close('S', "s1");
        var batch = new byte[(close.Length * 10_000) + Msg.Sync.Length];
        for (var i = 0; i < 10_000; i++)
        {
            close.CopyTo(batch, i * close.Length);
        }

        Msg.Sync.CopyTo(batch, close.Length * 10_000);
        await client.SendAsync(batch);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(10_001, reply.Count);
        Assert.All(reply.Take(10_000), m => Assert.Equal('3', m.Code));
        Assert.Equal('Z', reply[^1].Code);
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task TenThousandPipelinedSyncs_EachGetReadyForQuery()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        var batch = Enumerable.Repeat(Msg.Sync, 10_000).SelectMany(m => m).ToArray();
        await client.SendAsync(batch);
        for (var i = 0; i < 10_000; i++)
        {
            var message = await client.ReadMessageAsync();
            Assert.NotNull(message);
            Assert.Equal('Z', message.Code);
        }

        await client.SendAsync(Msg.Terminate);
        Assert.Empty(await client.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task MessagesSplitIntoSingleBytes_AreReassembled()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        foreach (var b in Msg.Concat(Msg.Close('S', "x"), Msg.Describe('S', "nope"), Msg.Sync))
        {
            await client.SendAsync([b]);
        }

        Assert.Equal("3EZ", new string((await client.ReadUntilReadyAsync()).Select(m => m.Code).ToArray()));
    }

    [Fact]
    public async Task CopyMessagesOutsideCopy_AreIgnored()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.CopyData("abc"u8.ToArray()), Msg.Build('c'), Msg.Build('f', "x\0"u8.ToArray()), Msg.Flush, Msg.Sync);
        Assert.Equal('Z', Assert.Single(await client.ReadUntilReadyAsync()).Code);
    }

    [Fact]
    public async Task FunctionCall_IsAnErrorFollowedByReadyForQuery()
    {
        // PostgreSQL answers 42883 (no function with OID 1); OmenDb has no fast-path interface at all (0A000).
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Build('F', Msg.Int32(1), Msg.Int16(0), Msg.Int16(0), Msg.Int16(0)));
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal("0A000", reply[0].SqlState);
        Assert.Equal('Z', reply[1].Code);
    }

    [Fact]
    public async Task PasswordMessageAfterStartup_IsAnInvalidType()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Build('p', Msg.CString("secret")));
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal("invalid frontend message type 112", error.MessageText);
    }

    [Fact]
    public async Task Terminate_ClosesCleanly()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Terminate);
        Assert.Empty(await client.ReadAllBytesAsync());
        await fixture.AssertObserverAliveAsync();
    }
}
