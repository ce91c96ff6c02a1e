using System.Net;
using Microsoft.Extensions.Logging;
using OmenDb.Wire.Startup;

namespace OmenDb.Server;

/// <summary>Everything needed to start a server: where to listen, where the data lives, how clients authenticate.</summary>
public sealed class ServerOptions
{
    /// <summary>The address to listen on (default 127.0.0.1, like PostgreSQL's listen_addresses = 'localhost').</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port (default 5433, next to PostgreSQL's 5432). 0 picks a free port; read <see cref="OmenDbServer.Port"/>.</summary>
    public int Port { get; init; } = 5433;

    /// <summary>The data directory (RocksDB); ignored when <see cref="InMemory"/>.</summary>
    public string DataDirectory { get; init; } = "./data";

    /// <summary>Keep all data in memory: nothing survives a restart.</summary>
    public bool InMemory { get; init; }

    /// <summary>Authentication method for every connection.</summary>
    public AuthMethod Authentication { get; init; } = AuthMethod.Catalog;

    /// <summary>Passwords by role name (the --users file), or null to use the roles' stored passwords.</summary>
    public IReadOnlyDictionary<string, string>? Users { get; init; }

    /// <summary>Password of the bootstrap superuser "postgres", or null for none.</summary>
    public string? SuperuserPassword { get; init; }

    /// <summary>The largest Query/Parse/Bind/CopyData message accepted, in bytes (default 1 GiB, like PostgreSQL).</summary>
    public int MaxMessageSize { get; init; } = WireOptions.DefaultMaxMessageSize;

    /// <summary>
    /// Serve each connection on its own thread that blocks in <c>recv</c> and runs the statements itself
    /// (<see cref="Wire.Transport.ConnectionThreadTransport"/>) instead of Kestrel's socket transport. Off by default
    /// until measured on a quiet machine: it takes one context switch per prepared point query instead of 2.2-3.3, but
    /// on a loaded virtual machine its single-client durable commits were slower (benchmarks/RESULTS.md, 16:20 section).
    /// </summary>
    public bool ThreadPerConnection { get; init; }

    /// <summary>Logging setup; null logs to the console at Information. Tests pass <c>b => b.ClearProviders()</c> for silence.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Whether in-process test servers run the thread-per-connection transport: when
    /// <c>OMENDB_THREAD_PER_CONNECTION=1</c> is set, as the server's command line reads it, so that a test suite can be
    /// run on either transport.</summary>
    public static bool TestsUseThreadPerConnection => Environment.GetEnvironmentVariable("OMENDB_THREAD_PER_CONNECTION") == "1";

    /// <summary>Options for an in-process test server: 127.0.0.1, a free port, in memory, quiet, on the transport
    /// <see cref="TestsUseThreadPerConnection"/> names.</summary>
    public static ServerOptions ForTests(AuthMethod authentication = AuthMethod.Catalog) => new()
    {
        Port = 0,
        InMemory = true,
        Authentication = authentication,
        ThreadPerConnection = TestsUseThreadPerConnection,
        ConfigureLogging = b => b.ClearProviders(),
    };
}
