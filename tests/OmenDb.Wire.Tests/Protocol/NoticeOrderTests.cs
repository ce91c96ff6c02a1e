using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>A statement's NoticeResponse precedes its CommandComplete, in both protocols, as PostgreSQL sends it.</summary>
public sealed class NoticeOrderTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("DROP TABLE IF EXISTS no_such_table")]
    [InlineData("DROP DATABASE IF EXISTS no_such_database")]
    public async Task Notice_PrecedesCommandComplete(string sql)
    {
        await using var client = await RawClient.ConnectReadyAsync(fixture.Port);
        await client.SendAsync(Msg.Query(sql));
        Assert.Equal("NCZ", Codes(await client.ReadUntilReadyAsync()));
        await client.SendAsync(Msg.Parse("", sql), Msg.Bind("", "", [], []), Msg.Describe('P', ""), Msg.Execute(""), Msg.Sync);
        Assert.Equal("12nNCZ", Codes(await client.ReadUntilReadyAsync()));
    }

    private static string Codes(IEnumerable<BackendMessage> messages) => string.Concat(messages.Select(m => m.Code));
}
