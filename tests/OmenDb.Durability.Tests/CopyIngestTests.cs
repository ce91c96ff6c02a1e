using System.Text;
using Npgsql;

namespace OmenDb.Durability.Tests;

/// <summary>
/// Large commits (more row changes than <c>CommitIngestion.MinimumRows</c>, 50,000) are written as SST files ingested
/// into RocksDB rather than through the WAL. They must behave exactly as small ones: all or nothing, durable once
/// acknowledged, across a clean restart and kill -9, with serial columns, defaults, unique and secondary indexes, and
/// mixed with other changes of the same transaction.
/// </summary>
public sealed class CopyIngestTests
{
    /// <summary>Above the ingestion threshold (50,000 row changes).</summary>
    private const int Rows = 60_000;

    private const string Ddl = """
        CREATE TABLE ci_big (
            id bigserial PRIMARY KEY,
            batch int NOT NULL,
            code text NOT NULL UNIQUE,
            score double precision,
            note text DEFAULT 'none',
            created int DEFAULT 7);
        CREATE INDEX ci_big_batch ON ci_big (batch)
        """;

    [Fact]
    public async Task A_large_copy_with_serial_defaults_and_indexes_survives_a_restart()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync(Ddl);
            await CopyBatchAsync(conn, 1);
            // In one transaction with the DDL: the catalog image travels in the ingested files too.
            await conn.ExecuteAsync("BEGIN; CREATE TABLE ci_other (k int PRIMARY KEY, v text)");
            await using (var writer = await conn.BeginTextImportAsync("COPY ci_other FROM STDIN"))
            {
                for (var i = 1; i <= Rows; i++)
                {
                    await writer.WriteAsync($"{i}\tv{i}\n");
                }
            }

            await conn.ExecuteAsync("COMMIT");
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await AssertBatchesAsync(conn, [1]);
            Assert.Equal([$"{Rows}|{(long)Rows * (Rows + 1) / 2}"],
                await conn.RowsAsync("SELECT count(*)::text, sum(k)::text FROM ci_other WHERE v = 'v' || k"));
            // The sequence goes on after the rows the COPY numbered, the indexes still enforce and find.
            await conn.ExecuteAsync("INSERT INTO ci_big (batch, code) VALUES (9, 'after')");
            Assert.Equal([$"{Rows + 1}|none|7"], await conn.RowsAsync("SELECT id::text, note, created::text FROM ci_big WHERE code = 'after'"));
            var duplicate = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("INSERT INTO ci_big (batch, code) VALUES (9, 'b1-r5')"));
            Assert.Equal("23505", duplicate.SqlState);
            Assert.Equal([$"{Rows}"], await conn.RowsAsync("SELECT count(*)::text FROM ci_big WHERE batch = 1"));
        }
    }

    [Fact]
    public async Task A_large_transaction_mixing_copy_updates_and_deletes_is_stored_as_committed()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync(Ddl);
            await conn.ExecuteAsync("CREATE TABLE ci_side (k int PRIMARY KEY, v int); INSERT INTO ci_side SELECT g, 0 FROM generate_series(1, 100) g");
            await CopyBatchAsync(conn, 1);
            await conn.ExecuteAsync("BEGIN");
            await CopyBatchAsync(conn, 2);
            // Rows of this transaction deleted and updated again, rows of an earlier one ended, another table changed.
            await conn.ExecuteAsync("""
                DELETE FROM ci_big WHERE batch = 2 AND id % 10 = 0;
                UPDATE ci_big SET score = -1 WHERE batch = 2 AND id % 10 = 1;
                DELETE FROM ci_big WHERE batch = 1 AND id <= 1000;
                UPDATE ci_side SET v = k WHERE k <= 50;
                COMMIT
                """);
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal([$"1|{Rows - 1000}", $"2|{Rows - (Rows / 10)}"],
                await conn.RowsAsync("SELECT batch::text, count(*)::text FROM ci_big GROUP BY batch ORDER BY batch"));
            Assert.Equal([$"{Rows / 10}"], await conn.RowsAsync("SELECT count(*)::text FROM ci_big WHERE batch = 2 AND score = -1"));
            Assert.Equal(["1275|100"], await conn.RowsAsync("SELECT sum(v)::text, count(*)::text FROM ci_side"));
        }
    }

    /// <summary>
    /// A large COPY's rows are encoded into its ingest file while it runs (IngestPipeline). The commit uses that file
    /// only when it holds exactly the transaction's changes: a COPY rolled back to a savepoint drops its file, and a
    /// second large COPY of the transaction, or changes after the COPY, make the commit encode the journal itself.
    /// </summary>
    [Fact]
    public async Task A_pipelined_copy_rolled_back_to_a_savepoint_or_followed_by_other_changes_commits_what_is_live()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync(Ddl);
            await conn.ExecuteAsync("BEGIN; SAVEPOINT s");
            await CopyBatchAsync(conn, 1);
            await conn.ExecuteAsync("ROLLBACK TO s");
            await CopyBatchAsync(conn, 2);
            await CopyBatchAsync(conn, 3);
            await conn.ExecuteAsync("COMMIT");
            await CopyBatchAsync(conn, 4);
            await conn.ExecuteAsync("BEGIN");
            await CopyBatchAsync(conn, 5);
            await conn.ExecuteAsync("DELETE FROM ci_big WHERE batch = 5 AND code <> 'b5-r1'; COMMIT");
            Assert.Empty(dir.IngestFiles());
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal([$"2|{Rows}", $"3|{Rows}", $"4|{Rows}", "5|1"],
                await conn.RowsAsync("SELECT batch::text, count(*)::text FROM ci_big GROUP BY batch ORDER BY batch"));
            Assert.Equal(["b5-r1"], await conn.RowsAsync("SELECT code FROM ci_big WHERE batch = 5"));
            Assert.Equal(await conn.RowsAsync("SELECT count(*)::text FROM ci_big"), await conn.RowsAsync("SELECT count(DISTINCT code)::text FROM ci_big"));
        }
    }

    [Fact]
    public async Task An_error_late_in_a_large_copy_or_a_duplicate_key_keeps_nothing()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync(Ddl);
            await CopyBatchAsync(conn, 1);

            // A bad value at row 59,990: everything of this COPY goes.
            var bad = await Assert.ThrowsAsync<PostgresException>(() => CopyBatchAsync(conn, 2, badRow: Rows - 10));
            Assert.Equal("22P02", bad.SqlState);
            Assert.Contains($"line {Rows - 10}", bad.Where, StringComparison.Ordinal);

            // A code of batch 1 again near the end: 23505, with the COPY line, and nothing kept.
            var duplicate = await Assert.ThrowsAsync<PostgresException>(() => CopyBatchAsync(conn, 3, codeOf: (Rows - 5, "b1-r77")));
            Assert.Equal("23505", duplicate.SqlState);
            Assert.Equal("ci_big_code_key", duplicate.ConstraintName);
            Assert.Contains($"line {Rows - 5}", duplicate.Where, StringComparison.Ordinal);

            // A whole transaction with a large COPY, rolled back.
            await conn.ExecuteAsync("BEGIN");
            await CopyBatchAsync(conn, 4);
            await conn.ExecuteAsync("ROLLBACK");
            await AssertBatchesAsync(conn, [1]);

            // Each failed COPY had its first 57,344 rows encoded into an ingest file as it went: none is left behind.
            Assert.Empty(dir.IngestFiles());
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await AssertBatchesAsync(conn, [1]);
            await CopyBatchAsync(conn, 5);
            await AssertBatchesAsync(conn, [1, 5]);
        }
    }

    /// <summary>
    /// kill -9 while large COPYs commit through ingestion and small transactions commit through the WAL: after every
    /// restart each acknowledged COPY is there whole, an unacknowledged one is there whole or not at all, every
    /// acknowledged small insert is there, and the serial column never hands out a value twice.
    /// </summary>
    [Fact]
    public async Task Large_copies_are_all_or_nothing_across_kill_9()
    {
        using var dir = new TempDataDirectory();
        var acknowledged = new HashSet<int>();
        var smallAcknowledged = new List<long>();
        var random = new Random(5);
        var batch = 0;
        for (var cycle = 0; cycle <= 4; cycle++)
        {
            await using var server = await ServerProcess.StartAsync(dir.Path);
            await using (var conn = await InProcessServer.ConnectAsync(server.Port))
            {
                if (cycle == 0)
                {
                    await conn.ExecuteAsync(Ddl + "; CREATE TABLE ci_small (id bigint PRIMARY KEY)");
                }
                else
                {
                    var present = (await conn.RowsAsync("SELECT batch::text, count(*)::text FROM ci_big WHERE batch > 0 GROUP BY batch"))
                        .Select(r => r.Split('|')).ToDictionary(r => int.Parse(r[0]), r => int.Parse(r[1]));
                    Assert.All(present, p => Assert.True(p.Value == Rows, $"cycle {cycle}: batch {p.Key} has {p.Value} of {Rows} rows"));
                    Assert.All(acknowledged, b => Assert.True(present.ContainsKey(b), $"cycle {cycle}: acknowledged batch {b} lost"));
                    var small = (await conn.RowsAsync("SELECT id::text FROM ci_small")).Select(long.Parse).ToHashSet();
                    Assert.All(smallAcknowledged, id => Assert.Contains(id, small));
                    Assert.Equal(await conn.RowsAsync("SELECT count(*)::text FROM ci_big"), await conn.RowsAsync("SELECT count(DISTINCT id)::text FROM ci_big"));
                    // A serial value handed out again would collide with a stored id (23505).
                    await conn.ExecuteAsync($"INSERT INTO ci_big (batch, code) VALUES (-{cycle}, 'probe{cycle}')");
                    // The ingest file of a COPY cut short by the kill is gone once the store is open again.
                    Assert.Empty(dir.IngestFiles());
                }
            }

            if (cycle == 4)
            {
                break;
            }

            using var stop = new CancellationTokenSource();
            var firstCopy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var inserts = Task.Run(async () =>
            {
                try
                {
                    await using var conn = await InProcessServer.ConnectAsync(server.Port);
                    for (long i = (cycle + 1L) << 32; !stop.IsCancellationRequested; i++)
                    {
                        await conn.ExecuteAsync($"INSERT INTO ci_small VALUES ({i})");
                        lock (smallAcknowledged)
                        {
                            smallAcknowledged.Add(i);
                        }
                    }
                }
                catch (Exception e) when (e is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // The server went away mid-statement.
                }
            });
            var copies = Task.Run(async () =>
            {
                try
                {
                    await using var conn = await InProcessServer.ConnectAsync(server.Port);
                    while (!stop.IsCancellationRequested)
                    {
                        var b = Interlocked.Increment(ref batch);
                        await CopyBatchAsync(conn, b);
                        lock (acknowledged)
                        {
                            acknowledged.Add(b);
                        }

                        firstCopy.TrySetResult();
                    }
                }
                catch (Exception e) when (e is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // The server went away mid-COPY.
                }
            });
            await Task.Delay(random.Next(1500, 4000));
            // On a loaded machine the first COPY of a cycle can take longer than the delay: the kill waits (bounded)
            // until one is acknowledged, so every cycle kills with acknowledged COPYs to look for and one in flight.
            await Task.WhenAny(firstCopy.Task, copies, Task.Delay(TimeSpan.FromMinutes(2)));
            await server.KillAsync();
            stop.Cancel();
            await Task.WhenAll(inserts, copies);
        }

        Assert.True(acknowledged.Count >= 2, $"only {acknowledged.Count} COPYs were acknowledged");
    }

    /// <summary>
    /// COPYs batch <paramref name="batch"/>: <see cref="Rows"/> rows with codes "b{batch}-r{row}", the id from the
    /// serial column, note and created from their defaults.
    /// </summary>
    private static async Task CopyBatchAsync(NpgsqlConnection conn, int batch, int badRow = 0, (int Row, string Code)? codeOf = null)
    {
        await using var writer = await conn.BeginTextImportAsync("COPY ci_big (batch, code, score) FROM STDIN");
        var line = new StringBuilder(64);
        for (var i = 1; i <= Rows; i++)
        {
            line.Clear();
            line.Append(batch).Append('\t');
            line.Append(codeOf is { } c && c.Row == i ? c.Code : $"b{batch}-r{i}").Append('\t');
            line.Append(i == badRow ? "not a number" : (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            await writer.WriteAsync(line.ToString());
        }
    }

    private static async Task AssertBatchesAsync(NpgsqlConnection conn, int[] batches)
    {
        Assert.Equal(batches.Select(b => $"{b}|{Rows}|{(long)Rows * (Rows + 1) / 4}|none|7").ToList(),
            await conn.RowsAsync("SELECT batch::text, count(*)::text, sum(score)::text, min(note), max(created)::text FROM ci_big GROUP BY batch ORDER BY batch"));
        Assert.Equal(await conn.RowsAsync("SELECT count(*)::text FROM ci_big"), await conn.RowsAsync("SELECT count(DISTINCT code)::text FROM ci_big"));
    }
}
