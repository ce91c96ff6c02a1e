using OmenDb.Common;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Transactions;

namespace OmenDb.Engine.Execution;

/// <summary>
/// Per-execution state shared by every operator and expression of one statement run: the session, the
/// snapshot, parameter values, the function context and the stack of outer rows for correlated subqueries.
/// </summary>
internal sealed class ExecContext
{
    /// <summary>The own-transaction set of a context made without one (never written: the session passes its own set).</summary>
    private static readonly HashSet<long> s_noTxIds = [];

    // Created on first use: a point lookup runs no CTE, subquery or correlated expression, and allocates none of them.
    private List<OuterRow>? _outer;
    private Dictionary<Nodes.CteDefinition, List<object?[]>>? _cteRows;
    private Dictionary<Nodes.CteDefinition, List<object?[]>>? _cteWorking;
    private Dictionary<Binding.SubqueryExpr, List<object?[]>>? _subqueryCache;
    private int _checkCounter;

    public ExecContext(Session session, Snapshot snapshot, object?[] parameters, EvalContext eval)
    {
        Session = session;
        Snapshot = snapshot;
        Parameters = parameters;
        Eval = eval;
    }

    public Session Session { get; }

    /// <summary>The snapshot reads use (per statement in READ COMMITTED).</summary>
    public Snapshot Snapshot { get; set; }

    /// <summary>$n values (index n-1).</summary>
    public object?[] Parameters { get; }

    public EvalContext Eval { get; }

    /// <summary>The (sub)transaction that stamps rows this statement writes.</summary>
    public long WriteTxId { get; set; }

    /// <summary>The reader's own live (sub)transaction ids.</summary>
    public HashSet<long> OwnTxIds { get; set; } = s_noTxIds;

    /// <summary>The transaction manager (for row-lock waits and uniqueness checks).</summary>
    public TransactionManager TxManager { get; set; } = null!;

    /// <summary>REPEATABLE READ or SERIALIZABLE: a concurrent update of a row we want to write is a serialization failure.</summary>
    public bool TransactionSnapshot { get; set; }

    /// <summary>Materialised CTE rows of this execution.</summary>
    public Dictionary<Nodes.CteDefinition, List<object?[]>> CteRows => _cteRows ??= new(ReferenceEqualityComparer.Instance);

    /// <summary>The working table of each recursive CTE being iterated.</summary>
    public Dictionary<Nodes.CteDefinition, List<object?[]>> CteWorking => _cteWorking ??= new(ReferenceEqualityComparer.Instance);

    /// <summary>Results of uncorrelated subqueries, computed once per execution.</summary>
    public Dictionary<Binding.SubqueryExpr, List<object?[]>> SubqueryCache => _subqueryCache ??= new(ReferenceEqualityComparer.Instance);

    /// <summary>Rows written by the last DML node (for INSERT 0 n / UPDATE n / DELETE n).</summary>
    public long RowsAffected { get; set; }

    /// <summary>Set for EXPLAIN ANALYZE: collects per-node statistics.</summary>
    public ExplainAnalysis? Analyze { get; set; }

    /// <summary>Memory bound for blocking operators (work_mem-like), in rows kept per operator.</summary>
    public long MaxRowsInMemory { get; set; } = 50_000_000;

    /// <summary>Pushes the current row of an outer query for correlated subqueries.</summary>
    public void PushOuter(Columnar.Batch batch, int row) => (_outer ??= []).Add(new OuterRow(batch, row));

    public void PopOuter() => _outer!.RemoveAt(_outer.Count - 1);

    /// <summary>The outer row <paramref name="levelsUp"/> levels up (1 = the immediately enclosing query).</summary>
    public OuterRow GetOuter(int levelsUp) => _outer![_outer.Count - levelsUp];

    /// <summary>Checks for cancellation and statement_timeout; cheap enough to call per batch.</summary>
    public void CheckInterrupts()
    {
        Session.CheckCancel();
        if ((++_checkCounter & 15) == 0)
        {
            Session.CheckStatementTimeout();
        }
    }

    /// <summary>Throws 53200 when an operator would hold more rows than allowed.</summary>
    public void CheckMemory(long rows)
    {
        if (rows > MaxRowsInMemory)
        {
            ThrowHelper.Throw(SqlState.OutOfMemory, "out of memory");
        }
    }
}

/// <summary>A row of an enclosing query: a batch and a physical row index.</summary>
internal readonly record struct OuterRow(Columnar.Batch Batch, int Row);
