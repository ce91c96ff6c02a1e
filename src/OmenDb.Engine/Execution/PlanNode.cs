using System.Diagnostics;
using System.Globalization;
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

    /// <summary>The output columns EXPLAIN VERBOSE lists (names; projections list their expressions).</summary>
    public virtual IEnumerable<string> ExplainOutput => Columns.Select(c => c.Name);

    /// <summary>Detail lines for EXPLAIN (Filter: ..., Hash Cond: ...).</summary>
    public virtual IEnumerable<string> ExplainDetails => [];

    /// <summary>Starts an execution (timed for EXPLAIN ANALYZE: blocking operators do their work here).</summary>
    public OperatorState Open(ExecContext ctx)
    {
        if (ctx.Analyze is null)
        {
            return OpenCore(ctx);
        }

        var stats = ctx.Analyze.For(this);
        var before = stats.Elapsed;
        var start = Stopwatch.GetTimestamp();
        var state = OpenCore(ctx);
        stats.Elapsed += Stopwatch.GetElapsedTime(start);
        return new AnalyzedState(state, stats, before);
    }

    protected abstract OperatorState OpenCore(ExecContext ctx);

    /// <summary>
    /// Renders the plan as PostgreSQL-style EXPLAIN text: one line per node ("->  " below the root, six columns per
    /// level), estimated rows unless COSTS OFF, actual rows and loops (and times unless TIMING OFF) with ANALYZE,
    /// then the node's detail lines (and its output columns with VERBOSE).
    /// </summary>
    public void Explain(StringBuilder sb, int depth, ExplainAnalysis? analysis, ExplainOptions? options = null)
    {
        options ??= ExplainOptions.Default;
        var inv = CultureInfo.InvariantCulture;
        var indent = depth == 0 ? "" : new string(' ', (depth * 6) - 4) + "->  ";
        sb.Append(indent).Append(ExplainName);
        if (options.Costs)
        {
            sb.Append(inv, $"  (rows={Math.Max(1, Math.Round(EstimatedRows)):0})");
        }

        if (analysis is not null)
        {
            if (analysis.Get(this) is not { Loops: > 0 } stats)
            {
                sb.Append(" (never executed)");
            }
            else
            {
                var rows = Math.Round((double)stats.Rows / stats.Loops);
                sb.Append(options.Timing
                    ? string.Create(inv, $" (actual time={stats.Startup.TotalMilliseconds / stats.Loops:0.000}..{stats.Elapsed.TotalMilliseconds / stats.Loops:0.000} rows={rows:0} loops={stats.Loops})")
                    : string.Create(inv, $" (actual rows={rows:0} loops={stats.Loops})"));
            }
        }

        sb.Append('\n');
        var detailIndent = new string(' ', depth == 0 ? 2 : (depth * 6) + 2);
        if (options.Verbose && Columns.Count > 0)
        {
            sb.Append(detailIndent).Append("Output: ").AppendJoin(", ", ExplainOutput).Append('\n');
        }

        foreach (var d in ExplainDetails)
        {
            sb.Append(detailIndent).Append(d).Append('\n');
        }

        if (analysis?.Get(this)?.Extra is { } extra)
        {
            sb.Append(detailIndent).Append(extra).Append('\n');
        }

        foreach (var child in Children)
        {
            child.Explain(sb, depth + 1, analysis, options);
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

    /// <summary>Time until each loop's first row, summed over loops.</summary>
    public TimeSpan Startup;

    /// <summary>Time spent in the node and its inputs, summed over loops.</summary>
    public TimeSpan Elapsed;

    /// <summary>A node-specific EXPLAIN ANALYZE line (e.g. the segments a zone map pruned), or null.</summary>
    public string? Extra;
}

internal sealed class AnalyzedState : OperatorState
{
    private readonly OperatorState _inner;
    private readonly NodeStats _stats;
    private bool _started;

    /// <summary>The node's elapsed total before this loop's Open, so startup is measured per loop.</summary>
    private readonly TimeSpan _loopStart;

    public AnalyzedState(OperatorState inner, NodeStats stats, TimeSpan loopStart)
    {
        _inner = inner;
        _stats = stats;
        _loopStart = loopStart;
    }

    public override Batch? Next()
    {
        var start = Stopwatch.GetTimestamp();
        var b = _inner.Next();
        _stats.Elapsed += Stopwatch.GetElapsedTime(start);
        if (!_started)
        {
            // Startup: everything up to the first row (or the end), including the work done at Open.
            _started = true;
            _stats.Startup += _stats.Elapsed - _loopStart;
        }

        if (b is not null)
        {
            _stats.Rows += b.LiveCount;
        }

        return b;
    }

    public override void Close() => _inner.Close();
}
