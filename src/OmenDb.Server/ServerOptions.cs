using System.Net;
using Microsoft.Extensions.Logging;
using OmenDb.Engine.Sessions;
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
    /// Sessions allowed at once, as PostgreSQL's max_connections (default 100); the last
    /// <see cref="DatabaseEngine.ReservedSuperuserConnections"/> are kept for superusers. Beyond it a
    /// connection gets FATAL 53300 after authentication.
    /// </summary>
    public int MaxConnections { get; init; } = DatabaseEngine.DefaultMaxConnections;

    /// <summary>The socket layer (default <see cref="ServerTransport.Threads"/>: a thread per connection).</summary>
    public ServerTransport Transport { get; init; } = ServerTransport.Threads;

    /// <summary>Logging setup; null logs to the console at Information. Tests pass <c>b => b.ClearProviders()</c> for silence.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>The transport of in-process test servers: the one <c>OMENDB_TRANSPORT</c> names, as the server's command
    /// line reads it, so that a test suite can be run on either transport; the default otherwise.</summary>
    public static ServerTransport TestTransport => CommandLine.ParseTransport(Environment.GetEnvironmentVariable("OMENDB_TRANSPORT"));

    /// <summary>Options for an in-process test server: 127.0.0.1, a free port, in memory, quiet, on the transport
    /// <see cref="TestTransport"/> names.</summary>
    public static ServerOptions ForTests(AuthMethod authentication = AuthMethod.Catalog) => new()
    {
        Port = 0,
        InMemory = true,
        Authentication = authentication,
        Transport = TestTransport,
        ConfigureLogging = b => b.ClearProviders(),
    };
}
