using System.Diagnostics;
using Npgsql;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>What a timed loop measured: operations, wall time, and every operation's latency (sorted, ms).</summary>
internal sealed record LoopResult(long Operations, double Seconds, double[] LatenciesMs)
{
    /// <summary>Operations per second over the whole round.</summary>
    public double PerSecond => Operations / Seconds;

    /// <summary>The latency at percentile <paramref name="p"/> (0–100), nearest rank.</summary>
    public double Percentile(double p) =>
        LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Clamp((int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1, 0, LatenciesMs.Length - 1)];
}

/// <summary>
/// Runs N clients, each on its own connection, calling an operation in a loop for a fixed time. Connections are
/// opened and statements prepared before the clock starts; all clients start together. Any exception ends the round
/// and propagates: an error never becomes a number.
/// </summary>
internal static class ClientLoop
{
    /// <summary>Runs the loop.</summary>
    /// <param name="server">The server to connect to.</param>
    /// <param name="clients">Concurrent connections.</param>
    /// <param name="duration">How long clients keep starting operations; every client does at least one.</param>
    /// <param name="setup">Per client (index, connection): prepares statements and returns the operation to repeat.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<LoopResult> RunAsync(BenchServer server, int clients, TimeSpan duration,
        Func<int, NpgsqlConnection, Task<Func<Task>>> setup, CancellationToken cancellationToken)
    {
        var connections = new NpgsqlConnection[clients];
        var operations = new Func<Task>[clients];
        try
        {
            for (var i = 0; i < clients; i++)
            {
                connections[i] = await server.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                operations[i] = await setup(i, connections[i]).ConfigureAwait(false);
            }

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var latencies = new List<double>[clients];
            var tasks = new Task[clients];
            for (var i = 0; i < clients; i++)
            {
                var operation = operations[i];
                var mine = latencies[i] = new List<double>(1024);
                tasks[i] = Task.Run(async () =>
                {
                    await go.Task.ConfigureAwait(false);
                    var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
                    do
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var start = Stopwatch.GetTimestamp();
                        await operation().ConfigureAwait(false);
                        mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    while (Stopwatch.GetTimestamp() < end);
                }, cancellationToken);
            }

            var clock = Stopwatch.StartNew();
            go.SetResult();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            var all = latencies.SelectMany(l => l).ToArray();
            Array.Sort(all);
            return new LoopResult(all.Length, seconds, all);
        }
        finally
        {
            foreach (var connection in connections)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
