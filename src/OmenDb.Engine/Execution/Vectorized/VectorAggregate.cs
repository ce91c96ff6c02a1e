using System.Runtime.ExceptionServices;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Vectorized;

/// <summary>What one aggregate accumulates, per group, in typed arrays.</summary>
internal enum AccKind : byte
{
    CountStar,
    CountArg,

    /// <summary>sum(int2/int4): bigint, 22003 on overflow.</summary>
    SumInt,

    /// <summary>sum(int8): numeric, accumulated exactly in 128 bits.</summary>
    SumBigint,

    /// <summary>avg(int2/int4/int8): numeric, from an exact 128-bit sum and a count.</summary>
    AvgInt,
    SumFloat,
    AvgFloat,
    MinInt,
    MaxInt,
    MinFloat,
    MaxFloat,
}

/// <summary>One aggregate of a vectorised aggregation.</summary>
/// <param name="Kind">What it accumulates.</param>
/// <param name="Arg">The argument kernel (null for count(*) and for count of a column of any type).</param>
/// <param name="CountColumn">For count(column) of a type without kernel: the column whose validity is counted.</param>
/// <param name="Call">The bound call (its state factory finishes sum(int8)).</param>
internal sealed record AggregateSpec(AccKind Kind, VectorExpr? Arg, int CountColumn, AggregateCall Call);

/// <summary>
/// The vectorised plan of a <see cref="HashAggregateNode"/> with at most one group key of type int2/int4/int8/date/
/// time/timestamp(tz) or text/varchar, and only count/sum/avg/min/max over int2/int4/int8/float8 (no DISTINCT, ORDER BY
/// or FILTER): groups are found through a typed hash map per batch and accumulators are typed arrays. Over a plain
/// sequential scan whose expressions all have pure kernels, segments are handed to the cores as morsels, each worker
/// aggregates into its own <see cref="AggregateTable"/>, and the tables are merged (PostgreSQL's partial and combine
/// steps). Groups come out in first-appearance order, as on the row path.
/// </summary>
internal sealed class VectorAggregate
{
    /// <summary>Segments below which a scan stays on one thread (16 × 2,048 rows).</summary>
    private const int MinSegmentsPerWorker = 8;

    private VectorAggregate(VectorExpr? key, BoundExpr? textKey, AggregateSpec[] aggregates)
    {
        Key = key;
        TextKey = textKey;
        Aggregates = aggregates;
    }

    /// <summary>The integer-backed group key, or null.</summary>
    public VectorExpr? Key { get; }

    /// <summary>The text group key, or null.</summary>
    public BoundExpr? TextKey { get; }

    /// <summary>Whether there is a GROUP BY key.</summary>
    public bool HasKey => Key is not null || TextKey is not null;

    public AggregateSpec[] Aggregates { get; }

    private bool IsPure => (Key?.IsPure ?? true) && TextKey is null or ColumnExpr && Aggregates.All(a => a.Arg?.IsPure ?? true);

    /// <summary>Compiles the node's keys and aggregates, or returns null when the row path must run it.</summary>
    public static VectorAggregate? TryCreate(BoundExpr[] groupKeys, AggregateCall[] aggregates)
    {
        if (groupKeys.Length > 1)
        {
            return null;
        }

        VectorExpr? key = null;
        BoundExpr? textKey = null;
        if (groupKeys.Length == 1)
        {
            var k = groupKeys[0];
            if (k.Type.Oid is 25 or 1043)
            {
                textKey = k;
            }
            else if (VectorExpr.IsIntegerType(k.Type) || VectorExpr.IsTemporalType(k.Type))
            {
                key = VectorExpr.TryCompile(k, allowGeneric: true);
            }

            if (key is null && textKey is null)
            {
                return null;
            }
        }

        var specs = new AggregateSpec[aggregates.Length];
        for (var a = 0; a < aggregates.Length; a++)
        {
            if (TrySpec(aggregates[a]) is not { } spec)
            {
                return null;
            }

            specs[a] = spec;
        }

        return new VectorAggregate(key, textKey, specs);
    }

    private static AggregateSpec? TrySpec(AggregateCall call)
    {
        if (call.Distinct || call.Filter is not null || call.OrderBy.Length > 0 || call.DirectArgs.Length > 0)
        {
            return null;
        }

        var oid = call.Function.Oid;
        if (oid == 2803)
        {
            return call.Args.Length == 0 ? new AggregateSpec(AccKind.CountStar, null, -1, call) : null;
        }

        if (call.Args.Length != 1)
        {
            return null;
        }

        var argExpr = call.Args[0];
        if (oid == 2147)
        {
            // count(x) only looks at nulls: a column of any type, or an expression with a kernel.
            return argExpr is ColumnExpr col
                ? new AggregateSpec(AccKind.CountArg, null, col.Index, call)
                : VectorExpr.TryCompile(argExpr, allowGeneric: true) is { } e ? new AggregateSpec(AccKind.CountArg, e, -1, call) : null;
        }

        AccKind? kind = oid switch
        {
            2108 or 2109 => AccKind.SumInt,
            2107 => AccKind.SumBigint,
            2100 or 2101 or 2102 => AccKind.AvgInt,
            2111 => AccKind.SumFloat,
            2105 => AccKind.AvgFloat,
            2115 or 2116 or 2117 or 2122 or 2123 or 2126 or 2127 => AccKind.MaxInt,
            2131 or 2132 or 2133 or 2138 or 2139 or 2142 or 2143 => AccKind.MinInt,
            2120 => AccKind.MaxFloat,
            2136 => AccKind.MinFloat,
            _ => null,
        };
        if (kind is null || VectorExpr.TryCompile(argExpr, allowGeneric: true) is not { } arg)
        {
            return null;
        }

        var wantFloat = kind is AccKind.SumFloat or AccKind.AvgFloat or AccKind.MaxFloat or AccKind.MinFloat;
        return (arg.Kind == VectorKind.Float64) == wantFloat ? new AggregateSpec(kind.Value, arg, -1, call) : null;
    }

    /// <summary>Runs the aggregation over <paramref name="input"/> and returns the state that yields its rows.</summary>
    public OperatorState Execute(PlanNode input, IReadOnlyList<ResultColumn> columns, ExecContext ctx)
    {
        AggregateTable table;
        var parallel = ParallelScan(input, ctx);
        if (parallel is { } p)
        {
            table = RunParallel(p.Scan, p.Filter, p.Workers, ctx);
        }
        else
        {
            table = new AggregateTable(this);
            var state = input.Open(ctx);
            try
            {
                while (state.Next() is { } batch)
                {
                    ctx.CheckInterrupts();
                    table.Accumulate(batch, ctx, -1);
                    ctx.CheckMemory(table.Count);
                }
            }
            finally
            {
                state.Close();
            }
        }

        ctx.CheckMemory(table.Count);
        return new MaterializedRowsState(columns, table.Finish(orderByFirstSeen: parallel is not null, ctx.Eval));
    }

    /// <summary>A scan the cores can share: a plain sequential scan (not under EXPLAIN ANALYZE, which times each node)
    /// with a pure filter, enough segments, and pure kernels for every key and argument.</summary>
    private (SeqScanNode Scan, VectorPredicate? Filter, int Workers)? ParallelScan(PlanNode input, ExecContext ctx)
    {
        if (input is not SeqScanNode { EmitRowIds: false } scan || ctx.Analyze is not null || !IsPure)
        {
            return null;
        }

        var filter = scan.Filter is null ? null : scan.CompiledFilter;
        if (scan.Filter is not null && filter is not { IsPure: true })
        {
            return null;
        }

        var workers = Math.Min(Environment.ProcessorCount, scan.Table.Data.Segments.Length / MinSegmentsPerWorker);
        return workers < 2 ? null : (scan, filter, workers);
    }

    /// <summary>Morsel-driven scan: each worker claims the next segment, scans it (visibility, filter) and aggregates it
    /// into its own table; the first error stops every worker and is rethrown on the calling thread.</summary>
    private AggregateTable RunParallel(SeqScanNode scan, VectorPredicate? filter, int workers, ExecContext ctx)
    {
        var segments = scan.Table.Data.Segments.ToArray();
        var tables = new AggregateTable[workers];
        var next = -1;
        Exception? failure = null;

        void Work(int w)
        {
            var table = tables[w] = new AggregateTable(this);
            try
            {
                var visibility = new SeqScanNode.VisibilityMemo(ctx.Snapshot);
                while (Volatile.Read(ref failure) is null)
                {
                    var s = Interlocked.Increment(ref next);
                    if (s >= segments.Length)
                    {
                        return;
                    }

                    ctx.CheckInterrupts();
                    if (scan.ScanSegment(segments[s], s, visibility) is not { } batch)
                    {
                        continue;
                    }

                    filter?.Apply(batch, ctx);
                    table.Accumulate(batch, ctx, (long)s * TableSegment.Capacity);
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
            }
        }

        var tasks = new Task[workers - 1];
        for (var w = 1; w < workers; w++)
        {
            var index = w;
            tasks[w - 1] = Task.Factory.StartNew(() => Work(index), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        Work(0);
        Task.WaitAll(tasks);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        for (var w = 1; w < workers; w++)
        {
            tables[0].Merge(tables[w]);
        }

        return tables[0];
    }
}
