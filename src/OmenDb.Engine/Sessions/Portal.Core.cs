using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

public sealed partial class Portal
{
    private readonly Session _session;
    private readonly PreparedStatement _statement;
    private readonly object?[] _parameters;
    private OperatorState? _state;
    private ExecContext? _ctx;
    private Batch? _pending;
    private int _pendingOffset;
    private long _rows;

    internal Portal(Session session, PreparedStatement statement, object?[] parameters)
    {
        _session = session;
        _statement = statement;
        _parameters = parameters;
        Columns = statement.Columns;
        Kind = statement.Statement switch
        {
            null => PortalKind.Empty,
            CopyStatement c => c.IsFrom ? PortalKind.CopyIn : PortalKind.CopyOut,
            _ => statement.Columns is null ? PortalKind.Command : PortalKind.Rows,
        };
    }

    /// <summary>
    /// Runs the portal until it has produced up to <paramref name="maxRows"/> live rows (0 = no limit) and returns
    /// them as a batch; returns false when nothing is left (then <see cref="CommandTag"/> is set). For commands,
    /// the first call executes the command and returns false.
    /// </summary>
    public bool TryFetch(int maxRows, out Batch? batch)
    {
        batch = null;
        if (IsComplete)
        {
            return false;
        }

        // The portal holds row ids (scan positions, the rows it writes) until it completes or is disposed.
        if (!_pinned)
        {
            _session.PinRowIds();
            _pinned = true;
        }

        try
        {
            return TryFetchCore(maxRows, out batch);
        }
        catch
        {
            Unpin();
            throw;
        }
    }

    private bool TryFetchCore(int maxRows, out Batch? batch)
    {
        batch = null;

        if (_statement.Plan is null)
        {
            if (_rows == 0 && _utilityRows is null)
            {
                _session.EnsureTransaction();
                _session.OnStatementStart(ActivityText);
                if (_statement.Statement is CopyStatement copy)
                {
                    // The wire moves the data and writes "COPY n" itself.
                    _session.StartCopy(copy, this);
                    IsComplete = true;
                    return false;
                }

                (CommandTag, _utilityRows) = _session.ExecuteUtility(_statement.Statement!, _parameters, _statement.QueryText);
            }

            if (_utilityRows is { Count: > 0 } u)
            {
                batch = RowBatchBuilder.Build(Columns!, u, 0, u.Count);
                batch.RegNames = RegNames();
                _utilityRows = [];
                _rows = u.Count;
                return true;
            }

            IsComplete = true;
            Unpin();
            return false;
        }

        if (_state is null)
        {
            Start();
        }

        if (_pending is null || _pendingOffset >= _pending.LiveCount)
        {
            _pending = _state!.Next();
            _pendingOffset = 0;
            if (_pending is null)
            {
                Finish();
                return false;
            }
        }

        var live = _pending.LiveCount - _pendingOffset;
        var take = maxRows > 0 ? Math.Min(maxRows, live) : live;
        if (_pendingOffset == 0 && take == live)
        {
            batch = _pending;
            _pending = null;
        }
        else
        {
            var selection = new int[take];
            for (var i = 0; i < take; i++)
            {
                selection[i] = _pending.RowAt(_pendingOffset + i);
            }

            batch = new Batch(_pending.Columns, _pending.RowCount) { Selection = selection, SelectionCount = take };
            _pendingOffset += take;
        }

        _rows += take;
        batch.RegNames = RegNames();
        return true;
    }

    private List<object?[]>? _utilityRows;

    /// <summary>Opens a planned query's execution state (its snapshot is taken here) without producing rows yet.</summary>
    internal void Start()
    {
        if (_state is not null || _statement.Plan is null)
        {
            return;
        }

        if (_statement.Statement is InsertStatement or UpdateStatement or DeleteStatement)
        {
            _session.CheckWritable(_statement.Statement switch { InsertStatement => "INSERT", UpdateStatement => "UPDATE", _ => "DELETE" });
        }

        _session.EnsureTransaction();
        _session.OnStatementStart(ActivityText, query: true);
        _ctx = _session.NewExecContext(_statement.ExecuteArguments ?? _parameters);
        _state = _statement.Plan.Open(_ctx);
    }

    /// <summary>What pg_stat_activity.query shows while this portal runs: the query string the client sent.</summary>
    private string ActivityText => _statement.QueryText is { Length: > 0 } text ? text : _statement.Sql;

    private void Finish()
    {
        IsComplete = true;
        _state?.Close();
        Unpin();
        CommandTag = (_statement.Executes ?? _statement).Statement switch
        {
            InsertStatement => $"INSERT 0 {_ctx!.RowsAffected}",
            UpdateStatement => $"UPDATE {_ctx!.RowsAffected}",
            DeleteStatement => $"DELETE {_ctx!.RowsAffected}",
            // A point query's tags without formatting a string each time.
            _ => _rows switch { 0 => "SELECT 0", 1 => "SELECT 1", _ => $"SELECT {_rows}" },
        };
    }

    /// <summary>Releases the portal's execution state.</summary>
    public void Dispose()
    {
        _state?.Close();
        _state = null;
        Unpin();
    }

    private bool _pinned;

    private void Unpin()
    {
        if (_pinned)
        {
            _pinned = false;
            _session.UnpinRowIds();
        }
    }
}
