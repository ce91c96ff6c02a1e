using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace OmenDb.Durability.Tests;

/// <summary>
/// A COPY FROM STDIN that does not end with CopyDone keeps none of its rows, on disk as in memory: the client sends
/// several chunks' worth of rows (so the server has appended some of them) and then disconnects, or sends CopyFail
/// (57014), or cancels it. After a restart the table is empty, and the same keys load afterwards (nothing holds them).
/// A COPY past the ingestion threshold encodes its rows into an ingest file as it goes (IngestPipeline): aborting it
/// leaves no file behind.
/// </summary>
public sealed class CopyAbortTests
{
    /// <summary>More rows than three of COPY's 8,192-row chunks.</summary>
    private const int Rows = 30_000;

    /// <summary>More rows than the ingestion threshold (50,000), so that the COPY's ingest file is being written.</summary>
    private const int PipelinedRows = 60_000;

    [Fact]
    public async Task A_cancel_request_mid_copy_is_57014_and_leaves_no_rows_or_files()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using (var conn = await InProcessServer.ConnectAsync(server.Port))
            {
                await conn.ExecuteAsync("CREATE TABLE ca_cancel (id bigint PRIMARY KEY, v text NOT NULL)");
            }

            using var raw = await RawCopyClient.StartCopyAsync(server.Port, "COPY ca_cancel FROM STDIN");
            await raw.SendCopyDataAsync(Lines(1, PipelinedRows));
            await WaitForIngestFileAsync(dir);
            await raw.CancelAsync(server.Port);
            // The COPY notices the cancel when it next appends a chunk (8,192 rows).
            await raw.SendCopyDataAsync(Lines(PipelinedRows + 1, 20_000));
            var reply = await raw.ReadErrorAsync();
            Assert.Contains("C57014", reply, StringComparison.Ordinal);
            Assert.Contains("canceling statement due to user request", reply, StringComparison.Ordinal);
            Assert.Empty(dir.IngestFiles());
        }

        await AssertEmptyThenLoadableAsync(dir.Path, "ca_cancel");
    }

    [Fact]
    public async Task CopyFail_or_a_disconnect_after_the_ingestion_threshold_leaves_no_rows_or_files()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using (var conn = await InProcessServer.ConnectAsync(server.Port))
            {
                await conn.ExecuteAsync("CREATE TABLE ca_pfail (id bigint PRIMARY KEY, v text NOT NULL)");
            }

            using (var raw = await RawCopyClient.StartCopyAsync(server.Port, "COPY ca_pfail FROM STDIN"))
            {
                await raw.SendCopyDataAsync(Lines(1, PipelinedRows));
                await WaitForIngestFileAsync(dir);
                Assert.Contains("C57014", await raw.SendCopyFailAsync("client gave up"), StringComparison.Ordinal);
                Assert.Empty(dir.IngestFiles());
            }

            using (var raw = await RawCopyClient.StartCopyAsync(server.Port, "COPY ca_pfail FROM STDIN"))
            {
                await raw.SendCopyDataAsync(Lines(1, PipelinedRows));
                await WaitForIngestFileAsync(dir);
            }

            // The server ends the session of the vanished client on its own time.
            await WaitForAsync(() => dir.IngestFiles().Length == 0, "the abandoned COPY's ingest file is deleted");
        }

        await AssertEmptyThenLoadableAsync(dir.Path, "ca_pfail");
    }

    /// <summary>Waits until the COPY's ingest file exists, which shows it is encoding rows as they arrive.</summary>
    private static Task WaitForIngestFileAsync(TempDataDirectory dir)
        => WaitForAsync(() => dir.IngestFiles().Length > 0, "the COPY starts its ingest file past 50,000 rows");

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting: " + what);
            await Task.Delay(20);
        }
    }

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
            await raw.SendCopyDataAsync(Lines(1, Rows));
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
            await raw.SendCopyDataAsync(Lines(1, Rows));
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
                await writer.WriteAsync(Lines(1, Rows));
            }
        }

        await using (var server = await InProcessServer.StartAsync(dataDirectory))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal([$"{Rows}|{(long)Rows * (Rows + 1) / 2}"],
                await conn.RowsAsync($"SELECT count(*)::text, sum(id)::text FROM {table} WHERE v = 'v' || id"));
        }
    }

    private static string Lines(int first, int rows)
    {
        var text = new StringBuilder();
        for (var i = first; i < first + rows; i++)
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

        /// <summary>BackendKeyData: the process id and secret key a CancelRequest names.</summary>
        private byte[] _key = [];

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
            client._key = (await client.ReadUntilAsync('Z')).Find(m => m.Code == 'K').Payload;
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
            return await ReadErrorAsync();
        }

        /// <summary>Sends a CancelRequest for this session on a new connection; returns once the server has closed it
        /// (it has then passed the request on).</summary>
        public async Task CancelAsync(int port)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", port);
            var stream = tcp.GetStream();
            var request = new byte[16];
            BinaryPrimitives.WriteInt32BigEndian(request, 16);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), 80877102);
            _key.CopyTo(request, 8);
            await stream.WriteAsync(request);
            Assert.Equal(0, await stream.ReadAsync(new byte[1]));
        }

        /// <summary>Reads up to ReadyForQuery; returns the ErrorResponse's fields as text.</summary>
        public async Task<string> ReadErrorAsync()
        {
            var error = (await ReadUntilAsync('Z')).Find(m => m.Code == 'E');
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
