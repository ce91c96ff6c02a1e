using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OmenDb.Engine.Sessions;
using OmenDb.Wire.Startup;

namespace OmenDb.Wire;

/// <summary>
/// Kestrel's entry point for PostgreSQL connections: one <see cref="PgConnection"/> per accepted socket. When the host
/// stops, running statements are cancelled and idle connections are told FATAL 57P01 before they close.
/// </summary>
public sealed class PgConnectionHandler : ConnectionHandler
{
    private readonly DatabaseEngine _engine;
    private readonly WireOptions _options;
    private readonly ILogger<PgConnectionHandler> _logger;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<PgConnection, byte> _connections = new();

    /// <summary>Created by Kestrel through dependency injection.</summary>
    public PgConnectionHandler(DatabaseEngine engine, WireOptions options, ILogger<PgConnectionHandler> logger, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        _engine = engine;
        _options = options;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
        _stopping.Register(CancelAll);
    }

    /// <inheritdoc/>
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var pg = new PgConnection(connection.Transport, _engine, _options, _logger, connection.ConnectionId, _stopping);
        _connections.TryAdd(pg, 0);
        try
        {
            await pg.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(pg, out _);
        }
    }

    private void CancelAll()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.CancelRunningStatement();
        }
    }
}
