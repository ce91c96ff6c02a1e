using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// SQL cursors: DECLARE, FETCH, MOVE, CLOSE and pg_cursors (psycopg2's named cursors, JDBC setFetchSize over SQL).
// A cursor without HOLD belongs to its transaction block and closes when the block ends; one WITH HOLD reads its
// remaining rows when the declaring transaction commits (and disappears if it rolls back), then lives until CLOSE,
// DISCARD ALL or the end of the session. See Cursor for positioning.
public sealed partial class Session
{
    private readonly Dictionary<string, Cursor> _cursors = new(StringComparer.Ordinal);
    private readonly List<Cursor> _heldAtThisCommit = [];

    /// <summary>The open cursors (pg_cursors): name, statement, holdable, binary, scrollable, creation time.</summary>
    internal IEnumerable<(string Name, string Statement, bool Holdable, bool Scrollable, long CreatedAt)> OpenCursors()
        => _cursors.Values.Select(c => (c.Name, c.Statement, c.Holdable, c.Scrollable, c.CreatedAt)).ToList();

    /// <summary>Binds a DECLARE's query at Parse time, so that its $n parameters get types.</summary>
    private void PlanDeclareCursor(PreparedStatement ps, DeclareCursorStatement d)
    {
        var binder = NewBinder(ps.DeclaredTypes);
        binder.ParametersAllowed = !ps.IsSimpleQuery;
        binder.BindSelect(d.Query, new Scope(null));
        ps.ParameterTypes = binder.ParameterTypes;
    }

    /// <summary>FETCH answers with the cursor's columns (MOVE with none).</summary>
    private IReadOnlyList<ResultColumn>? FetchColumns(FetchStatement f) => f.IsMove ? null : FindCursor(f.Cursor).Columns;

    private string ExecuteDeclareCursor(DeclareCursorStatement d, object?[] parameters, string sql)
    {
        if (!d.WithHold && (_txStatus == TransactionStatus.Idle || _implicitTx))
        {
            throw new PgException(SqlState.NoActiveSqlTransaction, "DECLARE CURSOR can only be used in transaction blocks");
        }

        if (d.Binary)
        {
            throw new PgException(SqlState.FeatureNotSupported, "DECLARE BINARY CURSOR is not supported");
        }

        if (_cursors.ContainsKey(d.Name))
        {
            throw new PgException(SqlState.DuplicateCursor, $"cursor \"{d.Name}\" already exists");
        }

        // The query's parameters take the types inferred when the DECLARE was planned (PlanDeclareCursor).
        var query = PrepareCore(new ParsedStatement(sql, d.Query), [], simpleQuery: parameters.Length == 0);
        var cursor = new Cursor(d.Name, sql, d, BindCore(query, parameters), NowMicros());
        cursor.Open();
        _cursors[d.Name] = cursor;
        return "DECLARE CURSOR";
    }

    private (string Tag, List<object?[]>? Rows) ExecuteFetch(FetchStatement f)
    {
        var cursor = FindCursor(f.Cursor);
        var rows = f.IsMove ? null : new List<object?[]>();
        var count = cursor.Fetch(f.Direction, f.Count, rows);
        return ($"{(f.IsMove ? "MOVE" : "FETCH")} {count}", rows);
    }

    private string ExecuteClose(CloseStatement c)
    {
        if (c.Name is null)
        {
            CloseAllCursors();
            return "CLOSE CURSOR ALL";
        }

        FindCursor(c.Name).Close();
        _cursors.Remove(c.Name);
        return "CLOSE CURSOR";
    }

    /// <summary>CLOSE ALL and DISCARD ALL.</summary>
    private void CloseAllCursors()
    {
        foreach (var cursor in _cursors.Values)
        {
            cursor.Close();
        }

        _cursors.Clear();
    }

    /// <summary>Before a commit: WITH HOLD cursors of the transaction read their remaining rows.</summary>
    private void HoldCursors()
    {
        foreach (var cursor in _cursors.Values)
        {
            if (cursor.Holdable && !cursor.Held)
            {
                cursor.Hold();
                _heldAtThisCommit.Add(cursor);
            }
        }
    }

    /// <summary>At the end of a transaction: its cursors close, except WITH HOLD ones that committed.</summary>
    private void EndCursors(bool committed)
    {
        if (_cursors.Count == 0)
        {
            return;
        }

        foreach (var (name, cursor) in _cursors.ToList())
        {
            // A held cursor survives later transactions, but not the failed commit of the one that declared it.
            if (!cursor.Held || (!committed && _heldAtThisCommit.Contains(cursor)))
            {
                cursor.Close();
                _cursors.Remove(name);
            }
        }

        _heldAtThisCommit.Clear();
    }

    private Cursor FindCursor(string name) => _cursors.GetValueOrDefault(name)
        ?? throw new PgException(SqlState.InvalidCursorName, $"cursor \"{name}\" does not exist");
}
