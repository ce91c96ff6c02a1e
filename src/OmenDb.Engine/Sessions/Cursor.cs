using OmenDb.Common;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

/// <summary>
/// A SQL cursor (DECLARE / FETCH / MOVE / CLOSE), positioned as PostgreSQL's portals are (docs: FETCH): before the
/// first row (0), on row n (1-based), or after the last row. Rows come from a <see cref="Portal"/> running the query,
/// pulled a batch at a time. A SCROLL cursor keeps every row it has read, so it can move backwards; a NO SCROLL cursor
/// keeps only the rows ahead of its position and refuses to move backwards (55000), as in PostgreSQL. A cursor
/// declared with neither keyword can go backwards in PostgreSQL when its plan supports it; here it keeps the last
/// <see cref="DefaultKeep"/> rows it passed, so that a large forward-only read (psycopg2's named cursors) does not hold
/// the whole result, and moving back further than that is refused like NO SCROLL. A WITH HOLD cursor reads the rest
/// of its rows when its transaction commits and then lives on without it until CLOSE or the end of the session.
/// </summary>
internal sealed class Cursor
{
    /// <summary>Rows a NO SCROLL cursor may leave behind its position before they are dropped.</summary>
    private const int TrimThreshold = 4096;

    /// <summary>Rows a cursor declared without SCROLL or NO SCROLL keeps behind its position.</summary>
    private const int DefaultKeep = 100_000;

    private readonly bool? _scroll;

    private readonly List<object?[]> _rows = [];
    private Portal? _source;
    private long _base;        // rows before _rows[0] that were dropped
    private long _position;    // 0 = before the first row; Known + 1 = after the last (once exhausted)
    private bool _exhausted;

    public Cursor(string name, string statement, DeclareCursorStatement declare, Portal source, long createdAt)
    {
        Name = name;
        Statement = statement;
        Holdable = declare.WithHold;
        _scroll = declare.Scroll;
        Scrollable = declare.Scroll != false;
        _source = source;
        Columns = source.Columns ?? [];
        CreatedAt = createdAt;
    }

    public string Name { get; }

    /// <summary>The DECLARE statement's text (pg_cursors.statement).</summary>
    public string Statement { get; }

    public bool Holdable { get; }

    public bool Scrollable { get; }

    /// <summary>Microseconds since 2000-01-01 UTC (pg_cursors.creation_time).</summary>
    public long CreatedAt { get; }

    public IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>Whether the cursor has outlived the transaction that declared it (WITH HOLD after its commit).</summary>
    public bool Held { get; private set; }

    private long Known => _base + _rows.Count;

    /// <summary>Starts the query, so that it reads as of DECLARE; rows (and their errors) come with the first FETCH.</summary>
    public void Open() => _source?.Start();

    /// <summary>Runs FETCH (rows into <paramref name="output"/>) or MOVE (output null); returns the row count of the tag.</summary>
    public long Fetch(FetchDirection direction, long count, List<object?[]>? output)
    {
        // FORWARD -n is BACKWARD n and the other way round (FETCH -2 FROM c).
        if (count < 0 && direction is FetchDirection.Forward or FetchDirection.Backward)
        {
            direction = direction == FetchDirection.Forward ? FetchDirection.Backward : FetchDirection.Forward;
            count = count == long.MinValue ? long.MaxValue : -count;
        }

        return direction switch
        {
            FetchDirection.Forward when count == 0 => Land(_position, output),
            FetchDirection.Forward => Forward(count, output),
            FetchDirection.Backward when count == 0 => Land(_position, output),
            FetchDirection.Backward => Backward(count, output),
            FetchDirection.Absolute => Absolute(count, output),
            _ => Land(AfterEndIfExhausted(_position) + count, output),
        };
    }

    /// <summary>At commit of the declaring transaction: reads the remaining rows, since the query cannot outlive it.</summary>
    public void Hold()
    {
        Ensure(long.MaxValue);
        Held = true;
    }

    /// <summary>Releases the query's execution state.</summary>
    public void Close()
    {
        _source?.Dispose();
        _source = null;
        _rows.Clear();
    }

    private long Forward(long count, List<object?[]>? output)
    {
        long moved = 0;
        while (moved < count)
        {
            if (!Ensure(_position + 1))
            {
                _position = Known + 1;
                break;
            }

            _position++;
            moved++;
            output?.Add(RowAt(_position));
            Trim();
        }

        return moved;
    }

    private long Backward(long count, List<object?[]>? output)
    {
        var position = AfterEndIfExhausted(_position);
        RequireBackward(Math.Max(1, position - count));
        long moved = 0;
        while (moved < count && position > 1)
        {
            position--;
            moved++;
            output?.Add(RowAt(position));
        }

        _position = moved < count ? 0 : position;
        return moved;
    }

    private long Absolute(long n, List<object?[]>? output)
    {
        if (n >= 0)
        {
            return Land(n, output);
        }

        RequireBackward(_position);
        Ensure(long.MaxValue);
        return Land(Math.Max(0, Known + 1 + n), output);
    }

    /// <summary>Moves to row <paramref name="target"/> and returns it when there is one (ABSOLUTE, RELATIVE, FETCH 0).</summary>
    private long Land(long target, List<object?[]>? output)
    {
        if (target < _position || (target == _position && target > 0))
        {
            RequireBackward(target);
        }

        if (target <= 0)
        {
            _position = 0;
            return 0;
        }

        if (!Ensure(target))
        {
            _position = Known + 1;
            return 0;
        }

        _position = target;
        output?.Add(RowAt(target));
        Trim();
        return 1;
    }

    private long AfterEndIfExhausted(long position) => _exhausted && position > Known ? Known + 1 : position;

    /// <summary>Refuses to go back to row <paramref name="target"/> when the cursor cannot (any more).</summary>
    private void RequireBackward(long target)
    {
        if (!Scrollable || (target > 0 && target <= _base))
        {
            throw new PgException(SqlState.ObjectNotInPrerequisiteState, "cursor can only scan forward")
            {
                Hint = "Declare it with SCROLL option to enable backward scan.",
            };
        }
    }

    private object?[] RowAt(long n) => _rows[(int)(n - _base - 1)];

    /// <summary>Reads until row <paramref name="n"/> is known; false when the query has fewer rows.</summary>
    private bool Ensure(long n)
    {
        while (Known < n && !_exhausted)
        {
            if (_source is null || !_source.TryFetch(0, out var batch) || batch is null)
            {
                _exhausted = true;
                _source?.Dispose();
                _source = null;
                break;
            }

            var width = Columns.Count;
            for (var i = 0; i < batch.LiveCount; i++)
            {
                var physical = batch.RowAt(i);
                var row = new object?[width];
                for (var c = 0; c < width; c++)
                {
                    row[c] = batch.Columns[c].GetValue(physical);
                }

                _rows.Add(row);
            }
        }

        return Known >= n;
    }

    /// <summary>A cursor that is not SCROLL forgets the rows far enough behind it, a few thousand at a time.</summary>
    private void Trim()
    {
        var behind = _position - _base - 1;
        if ((_scroll == false && behind >= TrimThreshold) || (_scroll is null && behind >= DefaultKeep + TrimThreshold))
        {
            behind = _scroll is null ? behind - DefaultKeep : behind;
            _rows.RemoveRange(0, (int)behind);
            _base += behind;
        }
    }
}
