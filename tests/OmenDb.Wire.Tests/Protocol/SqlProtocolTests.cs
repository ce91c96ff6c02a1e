using System.Text;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>
/// Protocol behaviour that needs a working SQL engine (a successful Parse or Query). Expectations come from
/// PostgreSQL 15.20 answering the same bytes. Run alone with <c>dotnet test --filter needs=sql</c>; until the engine
/// lands they fail with 0A000 "SQL is not supported yet".
/// </summary>
[Trait("needs", "sql")]
public sealed class SqlProtocolTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly short[] s_binary = [1];
    private static readonly short[] s_text = [0];

    private int Port => fixture.Port;

    [Fact]
    public async Task BinaryParameterTooLong_Is22P03()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Parse("", "select $1::int4", 23), Msg.Bind("", "", s_binary, [new byte[8]], 1), Msg.Execute(""), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal('1', reply[0].Code);
        Assert.Equal(("ERROR", "22P03", "incorrect binary data format in bind parameter 1"),
            (reply[1].Severity, reply[1].SqlState, reply[1].MessageText));
        Assert.Equal('Z', reply[2].Code);
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task BinaryParameterTooShort_IsInsufficientData()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Parse("", "select $1::int4", 23), Msg.Bind("", "", s_binary, [new byte[2]], 1), Msg.Execute(""), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("08P01", "insufficient data left in message"), (reply[1].SqlState, reply[1].MessageText));
    }

    [Fact]
    public async Task TextParameterWithInvalidUtf8_Is22021()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Parse("", "select $1::text", 25), Msg.Bind("", "", s_text, [[0xff, 0xfe]], 1), Msg.Execute(""), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("22021", "invalid byte sequence for encoding \"UTF8\": 0xff"), (reply[1].SqlState, reply[1].MessageText));
    }

    [Fact]
    public async Task TextParameterThatIsNotAnInteger_Is22P02()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Parse("", "select $1::int4", 23), Msg.Bind("", "", s_text, ["ab"u8.ToArray()], 1), Msg.Execute(""), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("22P02", "invalid input syntax for type integer: \"ab\""), (reply[1].SqlState, reply[1].MessageText));
    }

    [Fact]
    public async Task BindParameterCountMismatch_Is08P01()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Parse("", "select $1::int4", 23), Msg.Bind("", "", [], []), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(("08P01", "bind message supplies 0 parameters, but prepared statement \"\" requires 1"),
            (reply[1].SqlState, reply[1].MessageText));
    }

    [Fact]
    public async Task ParseOfAnExistingName_Is42P05()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Parse("a", "select 1"), Msg.Parse("a", "select 1"), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal('1', reply[0].Code);
        Assert.Equal(("42P05", "prepared statement \"a\" already exists"), (reply[1].SqlState, reply[1].MessageText));
    }

    [Theory]
    [InlineData("")]
    [InlineData(";;")]
    public async Task EmptyQuery_SendsEmptyQueryResponseOnce(string sql)
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Query(sql));
        AssertCodes("IZ", await client.ReadUntilReadyAsync());
    }

    [Fact]
    public async Task SimpleQuery_TextRows()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Query("select 1"));
        var reply = await client.ReadUntilReadyAsync();
        AssertCodes("TDCZ", reply);
        Assert.Equal("0001" + Hex.Of("?column?\0"u8) + "00000000" + "0000" + "00000017" + "0004" + "ffffffff" + "0000", Hex.Of(reply[0].Payload));
        Assert.Equal("0001" + "00000001" + "31", Hex.Of(reply[1].Payload));
        Assert.Equal("SELECT 1\0", Encoding.ASCII.GetString(reply[2].Payload));
    }

    [Fact]
    public async Task ExtendedQuery_BinaryResults_AndDescribePortal()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Parse("", "select $1::int4 + 1", 23), Msg.Bind("", "", s_binary, [[0, 0, 0, 41]], 1),
            Msg.Describe('P', ""), Msg.Execute(""), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        AssertCodes("12TDCZ", reply);
        Assert.Equal("0001", Hex.Of(reply[2].Payload.AsSpan(reply[2].Payload.Length - 2)));
        Assert.Equal("0001" + "00000004" + "0000002a", Hex.Of(reply[3].Payload));
    }

    [Fact]
    public async Task ExecuteWithRowLimit_SuspendsThenContinues()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Parse("", "select x from (values (1), (2), (3)) v(x)"), Msg.Bind("", "", [], []),
            Msg.Execute("", 2), Msg.Execute("", 2), Msg.Sync);
        AssertCodes("12DDsDCZ", await client.ReadUntilReadyAsync());
    }

    [Fact]
    public async Task LargeResult_IsStreamedInFlushes()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Query("select repeat('x', 1000) from generate_series(1, 3000)"));
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal(3000, reply.Count(m => m.Code == 'D'));
        Assert.Equal("SELECT 3000\0", Encoding.ASCII.GetString(reply[^2].Payload));
    }

    [Fact]
    public async Task CopyFromStdin_ThenTheRestOfTheQuery()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Query("create temp table copy_in(a int); copy copy_in from stdin; select 5"), Msg.Flush, Msg.Sync,
            Msg.CopyData("1\n2"u8.ToArray()), Msg.CopyData("\n"u8.ToArray()), Msg.Build('c'), Msg.Query("select count(*) from copy_in"));
        var first = await client.ReadUntilReadyAsync();
        AssertCodes("CGCTDCZ", first);
        Assert.Equal("COPY 2\0", Encoding.ASCII.GetString(first[2].Payload));
        var second = await client.ReadUntilReadyAsync();
        Assert.Equal("0001" + "00000001" + "32", Hex.Of(second[1].Payload));
    }

    [Fact]
    public async Task CopyFail_Is57014()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Query("create temp table copy_fail(a int); copy copy_fail from stdin"), Msg.Build('f', Msg.CString("boom")));
        var reply = await client.ReadUntilReadyAsync();
        AssertCodes("CGEZ", reply);
        Assert.Equal(("57014", "COPY from stdin failed: boom"), (reply[2].SqlState, reply[2].MessageText));
    }

    [Fact]
    public async Task QueryDuringCopy_LosesSynchronization()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Query("create temp table copy_lost(a int); copy copy_lost from stdin"), Msg.Query("select 1"));
        // Stops at ReadyForQuery if the server wrongly goes on, or at the close it must do.
        var reply = await client.ReadUntilReadyAsync();
        AssertCodes("CGEE", reply);
        Assert.Equal(("ERROR", "unexpected message type 0x51 during COPY from stdin"), (reply[^2].Severity, reply[^2].MessageText));
        Assert.Equal(("FATAL", "terminating connection because protocol synchronization was lost"), (reply[^1].Severity, reply[^1].MessageText));
        await fixture.AssertObserverAliveAsync();
    }

    [Fact]
    public async Task CopyToStdout()
    {
        await using var client = await RawClient.ConnectReadyAsync(Port);
        await client.SendAsync(Msg.Query("copy (select 1) to stdout"));
        var reply = await client.ReadUntilReadyAsync();
        AssertCodes("HdcCZ", reply);
        Assert.Equal("1\n", Encoding.ASCII.GetString(reply[1].Payload));
        Assert.Equal("COPY 1\0", Encoding.ASCII.GetString(reply[3].Payload));
    }

    /// <summary>Asserts the sequence of message codes, showing every message (errors with their text) on failure.</summary>
    private static void AssertCodes(string expected, IReadOnlyList<BackendMessage> messages)
    {
        var codes = new string(messages.Select(m => m.Code).ToArray());
        Assert.True(codes == expected, $"expected {expected}, got {codes}: {string.Join(" | ", messages)}");
    }
}
