using System.Diagnostics;
using System.Text;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution;

/// <summary>
/// A physical plan operator. Nodes are immutable and reusable across executions of a prepared statement;
/// <see cref="Open"/> creates the per-execution state that produces batches (pull-based).
/// </summary>
internal abstract class PlanNode
{
    protected PlanNode(IReadOnlyList<ResultColumn> columns) => Columns = columns;

    /// <summary>Output columns (names and types; table OID/attnum for plain columns).</summary>
    public IReadOnlyList<ResultColumn> Columns { get; protected set; }

    /// <summary>Input operators.</summary>
    public virtual IEnumerable<PlanNode> Children => [];

    /// <summary>Planner's row estimate.</summary>
    public double EstimatedRows { get; set; } = 1000;

    /// <summary>Node name for EXPLAIN, e.g. "Seq Scan on t".</summary>
    public abstract string ExplainName { get; }

    /// <summary>Detail lines for EXPLAIN (Filter: ..., Hash Cond: ...).</summary>
    public virtual IEnumerable<string> ExplainDetails => [];

    /// <summary>Starts an execution.</summary>
    public OperatorState Open(ExecContext ctx)
    {
        var state = OpenCore(ctx);
        return ctx.Analyze is null ? state : new AnalyzedState(state, ctx.Analyze.For(this));
    }

    protected abstract OperatorState OpenCore(ExecContext ctx);

    /// <summary>Renders the plan as PostgreSQL-style EXPLAIN text.</summary>
    public void Explain(StringBuilder sb, int depth, ExplainAnalysis? analysis)
    {
        var indent = depth == 0 ? "" : new string(' ', (depth * 6) - 4) + "->  ";
        sb.Append(indent).Append(ExplainName).Append($"  (rows={Math.Max(1, Math.Round(EstimatedRows)):0})");
        if (analysis?.Get(this) is { } stats)
        {
            sb.Append($" (actual time={stats.Elapsed.TotalMilliseconds:0.000} rows={stats.Rows} loops={stats.Loops})");
        }

        sb.Append('\n');
        var detailIndent = new string(' ', depth == 0 ? 2 : (depth * 6) + 2);
        foreach (var d in ExplainDetails)
        {
            sb.Append(detailIndent).Append(d).Append('\n');
        }

        foreach (var child in Children)
        {
            child.Explain(sb, depth + 1, analysis);
        }
    }
}

/// <summary>The running state of one operator in one execution.</summary>
internal abstract class OperatorState
{
    /// <summary>The next batch with at least one live row, or null at the end.</summary>
    public abstract Batch? Next();

    /// <summary>Releases resources (called once, also after an error).</summary>
    public virtual void Close()
    {
    }
}

/// <summary>Actual rows, loops and time per node for EXPLAIN ANALYZE.</summary>
internal sealed class ExplainAnalysis
{
    private readonly Dictionary<PlanNode, NodeStats> _stats = new(ReferenceEqualityComparer.Instance);

    public NodeStats For(PlanNode node)
    {
        if (!_stats.TryGetValue(node, out var s))
        {
            s = new NodeStats();
            _stats[node] = s;
        }

        s.Loops++;
        return s;
    }

    public NodeStats? Get(PlanNode node) => _stats.GetValueOrDefault(node);
}

internal sealed class NodeStats
{
    public long Rows;
    public int Loops;
    public TimeSpan Elapsed;
}

internal sealed class AnalyzedState : OperatorState
{
    private readonly OperatorState _inner;
    private readonly NodeStats _stats;

    public AnalyzedState(OperatorState inner, NodeStats stats)
    {
        _inner = inner;
        _stats = stats;
    }

    public override Batch? Next()
    {
        var start = Stopwatch.GetTimestamp();
        var b = _inner.Next();
        _stats.Elapsed += Stopwatch.GetElapsedTime(start);
        if (b is not null)
        {
            _stats.Rows += b.LiveCount;
        }

        return b;
    }

    public override void Close() => _inner.Close();
}
