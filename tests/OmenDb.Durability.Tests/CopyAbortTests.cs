using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace OmenDb.Durability.Tests;

/// <summary>
/// A COPY FROM STDIN that does not end with CopyDone keeps none of its rows, on disk as in memory: the client sends
/// several chunks' worth of rows (so the server has appended some of them) and then disconnects, or sends CopyFail
/// (57014). After a restart the table is empty, and the same keys load afterwards (nothing holds them).
/// </summary>
public sealed class CopyAbortTests
{
    /// <summary>More rows than three of COPY's 8,192-row chunks.</summary>
    private const int Rows = 30_000;

    [Fact]
    public async Task A_client_that_disconnects_mid_copy_commits_nothing()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using (var conn = await InProcessServer.ConnectAsync(server.Port))
            {
                await conn.ExecuteAsync("CREATE TABLE ca_gone (id bigint PRIMARY KEY, v text NOT NULL)");
            }

            using var raw = await RawCopyClient.StartCopyAsync(server.Port, "COPY ca_gone FROM STDIN");
            await raw.SendCopyDataAsync(Lines(Rows));
            // No CopyDone: the connection just ends.
        }

        await AssertEmptyThenLoadableAsync(dir.Path, "ca_gone");
    }

    [Fact]
    public async Task CopyFail_after_many_rows_is_57014_and_commits_nothing()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using (var conn = await InProcessServer.ConnectAsync(server.Port))
            {
                await conn.ExecuteAsync("CREATE TABLE ca_fail (id bigint PRIMARY KEY, v text NOT NULL)");
            }

            using var raw = await RawCopyClient.StartCopyAsync(server.Port, "COPY ca_fail FROM STDIN");
            await raw.SendCopyDataAsync(Lines(Rows));
            var reply = await raw.SendCopyFailAsync("client gave up");
            Assert.Contains("C57014", reply, StringComparison.Ordinal);
            Assert.Contains("COPY from stdin failed: client gave up", reply, StringComparison.Ordinal);
            await using var conn2 = await InProcessServer.ConnectAsync(server.Port);
            Assert.Equal(["0"], await conn2.RowsAsync("SELECT count(*)::text FROM ca_fail"));
        }

        await AssertEmptyThenLoadableAsync(dir.Path, "ca_fail");
    }

    /// <summary>After a restart: the table is empty, the same rows load, and they are all there after another restart.</summary>
    private static async Task AssertEmptyThenLoadableAsync(string dataDirectory, string table)
    {
        await using (var server = await InProcessServer.StartAsync(dataDirectory))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal(["0"], await conn.RowsAsync($"SELECT count(*)::text FROM {table}"));
            await using (var writer = await conn.BeginTextImportAsync($"COPY {table} FROM STDIN"))
            {
                await writer.WriteAsync(Lines(Rows));
            }
        }

        await using (var server = await InProcessServer.StartAsync(dataDirectory))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal([$"{Rows}|{(long)Rows * (Rows + 1) / 2}"],
                await conn.RowsAsync($"SELECT count(*)::text, sum(id)::text FROM {table} WHERE v = 'v' || id"));
        }
    }

    private static string Lines(int rows)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= rows; i++)
        {
            text.Append(i).Append("\tv").Append(i).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Just enough of the protocol to start a COPY FROM STDIN and then end it without CopyDone.</summary>
    private sealed class RawCopyClient : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;

        private RawCopyClient(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
        }

        /// <summary>Connects (trust), sends <paramref name="copySql"/> and reads up to CopyInResponse.</summary>
        public static async Task<RawCopyClient> StartCopyAsync(int port, string copySql)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", port);
            var client = new RawCopyClient(tcp);
            var startup = new List<byte>();
            startup.AddRange([0, 3, 0, 0]); // protocol 3.0
            startup.AddRange(Encoding.ASCII.GetBytes("user\0postgres\0database\0postgres\0\0"));
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, startup.Count + 4);
            await client._stream.WriteAsync(length.Concat(startup).ToArray());
            await client.ReadUntilAsync('Z');
            await client._stream.WriteAsync(Message('Q', Encoding.UTF8.GetBytes(copySql + "\0")));
            await client.ReadUntilAsync('G');
            return client;
        }

        public async Task SendCopyDataAsync(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var offset = 0; offset < bytes.Length; offset += 65536)
            {
                await _stream.WriteAsync(Message('d', bytes.AsSpan(offset, Math.Min(65536, bytes.Length - offset)).ToArray()));
            }
        }

        /// <summary>Sends CopyFail; returns the ErrorResponse's fields as text ("C57014", "M...", ...).</summary>
        public async Task<string> SendCopyFailAsync(string reason)
        {
            await _stream.WriteAsync(Message('f', Encoding.UTF8.GetBytes(reason + "\0")));
            var messages = await ReadUntilAsync('Z');
            var error = messages.Find(m => m.Code == 'E');
            Assert.NotNull(error.Payload);
            return Encoding.UTF8.GetString(error.Payload).Replace('\0', '|');
        }

        private static byte[] Message(char code, byte[] payload)
        {
            var message = new byte[payload.Length + 5];
            message[0] = (byte)code;
            BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), payload.Length + 4);
            payload.CopyTo(message, 5);
            return message;
        }

        private async Task<List<(char Code, byte[] Payload)>> ReadUntilAsync(char code)
        {
            var messages = new List<(char, byte[])>();
            var header = new byte[5];
            while (true)
            {
                await _stream.ReadExactlyAsync(header);
                var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
                await _stream.ReadExactlyAsync(payload);
                messages.Add(((char)header[0], payload));
                if (header[0] == code)
                {
                    return messages;
                }
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _tcp.Dispose();
        }
    }
}
