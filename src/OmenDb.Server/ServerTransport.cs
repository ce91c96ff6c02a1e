namespace OmenDb.Server;

/// <summary>The socket layer that serves client connections (<c>--transport</c>, env <c>OMENDB_TRANSPORT</c>).</summary>
public enum ServerTransport
{
    /// <summary>
    /// The default: each connection on its own thread that blocks in <c>recv</c>, runs its statements and sends the
    /// reply with one blocking <c>send</c> (<see cref="Wire.Transport.ConnectionThreadTransport"/>), as a PostgreSQL
    /// backend process does. One wake-up per statement; on a quiet host it leads PostgreSQL on prepared point lookups
    /// at 1 and 16 clients, where Kestrel's pool lost at 1 (benchmarks/RESULTS.md).
    /// </summary>
    Threads,

    /// <summary>
    /// Kestrel's socket transport: connections multiplexed over the thread pool (2.2–3.3 thread hops per prepared point
    /// query). It keeps the CPUs awake during a durable commit, which on a loaded virtual machine whose idle vCPUs are
    /// slow to wake made its single-client commits faster (benchmarks/RESULTS.md, 16:20 section).
    /// </summary>
    Kestrel,
}
