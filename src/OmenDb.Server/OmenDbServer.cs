using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Vectors;
using OmenDb.Wire;
using OmenDb.Wire.Startup;
using OmenDb.Wire.Transport;

namespace OmenDb.Server;

/// <summary>
/// A running OmenDb server: Kestrel listening for the PostgreSQL protocol (no HTTP) in front of one
/// <see cref="DatabaseEngine"/>. The executable runs one; tests start their own in-process:
/// <code>
/// await using var server = await OmenDbServer.StartAsync(ServerOptions.ForTests());
/// var cs = $"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres";
/// </code>
/// Disposing stops accepting connections, cancels running statements, closes connections (FATAL 57P01) and then
/// disposes the engine, which flushes storage.
/// </summary>
public sealed class OmenDbServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private int _disposed;

    private OmenDbServer(WebApplication app, DatabaseEngine engine, IPEndPoint endPoint, ILogger logger)
    {
        _app = app;
        Engine = engine;
        EndPoint = endPoint;
        _logger = logger;
    }

    /// <summary>The engine behind the server.</summary>
    public DatabaseEngine Engine { get; }

    /// <summary>The bound address and port (the actual port when 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The bound port.</summary>
    public int Port => EndPoint.Port;

    /// <summary>Completes when the host begins to stop (SIGTERM, Ctrl+C, or <see cref="DisposeAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Opens the engine and starts listening; returns once the port is bound.</summary>
    public static async Task<OmenDbServer> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engine = DatabaseEngine.Open(new EngineOptions
        {
            DataDirectory = options.DataDirectory,
            InMemory = options.InMemory,
            SuperuserPassword = options.SuperuserPassword,
            MaxConnections = options.MaxConnections,
        });
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            if (options.ConfigureLogging is { } configure)
            {
                configure(builder.Logging);
            }
            else
            {
                builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
                builder.Logging.SetMinimumLevel(LogLevel.Information);
                builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            }

            builder.Services.AddSingleton(engine);
            builder.Services.AddSingleton(new WireOptions
            {
                Authentication = options.Authentication,
                Passwords = options.Users,
                MaxMessageSize = options.MaxMessageSize,
            });
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            // A message is parsed only once it is complete, so the transport must buffer a whole maximum-size message:
            // with the default 1 MiB read buffer, a larger Query or CopyData would stall forever.
            var readBuffer = (long)options.MaxMessageSize + (1 << 20);
            if (options.Transport == ServerTransport.Threads)
            {
                // Registered last, so Kestrel takes it instead of its socket transport.
                builder.Services.AddSingleton<IConnectionListenerFactory>(services
                    => new ConnectionThreadTransport(readBuffer, services.GetRequiredService<ILoggerFactory>().CreateLogger<ConnectionThreadTransport>()));
            }
            else
            {
                builder.WebHost.UseSockets(s => s.MaxReadBufferSize = readBuffer);
            }
            ListenOptions? listen = null;
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBufferSize = readBuffer;
                kestrel.Listen(options.ListenAddress, options.Port, l =>
                {
                    listen = l;
                    l.Protocols = HttpProtocols.None;
                    l.UseConnectionHandler<PgConnectionHandler>();
                });
            });

            var app = builder.Build();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var endPoint = listen?.IPEndPoint ?? new IPEndPoint(options.ListenAddress, options.Port);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OmenDb.Server");
            if (!options.InMemory)
            {
                var (rows, tables, elapsed) = (engine.LoadedRows, engine.LoadedTables, engine.LoadTime);
                ServerLog.Recovered(logger, rows, tables, (long)elapsed.TotalMilliseconds,
                    elapsed.TotalSeconds > 0 ? (long)(rows / elapsed.TotalSeconds) : rows);
            }

            ServerLog.Started(logger, endPoint.Address.ToString(), endPoint.Port,
                options.InMemory ? "(in memory)" : Path.GetFullPath(options.DataDirectory), options.Authentication.ToString().ToLowerInvariant());
            var server = new OmenDbServer(app, engine, endPoint, logger);
            HnswIndexRegistry.BuildFinished += server.LogHnswBuild;
            HnswIndexRegistry.GraphStored += server.LogHnswStored;
            engine.StartVectorIndexBuilds();
            return server;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    private void LogHnswBuild(HnswBuildReport r)
    {
        if (r.Loaded)
        {
            ServerLog.HnswLoaded(_logger, r.Schema, r.Index, r.Table, r.Vectors, (long)r.Elapsed.TotalMilliseconds, r.Reason, r.Linked);
        }
        else
        {
            ServerLog.HnswBuilt(_logger, r.Schema, r.Index, r.Table, r.Vectors, (long)r.Elapsed.TotalMilliseconds, (long)r.VectorsPerSecond,
                r.Reason, r.Cancelled ? "cancelled" : "done");
        }
    }

    private void LogHnswStored(HnswStoreReport r) =>
        ServerLog.HnswStored(_logger, r.Schema, r.Index, r.Table, r.Vectors, (long)r.Elapsed.TotalMilliseconds);

    /// <summary>Stops the host (connections end with 57P01) and disposes the engine.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            HnswIndexRegistry.BuildFinished -= LogHnswBuild;
            HnswIndexRegistry.GraphStored -= LogHnswStored;
            Engine.Dispose();
            ServerLog.Stopped(_logger);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
