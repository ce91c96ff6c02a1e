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
        var parallel = false;
        if (Pipeline.TryCreate(this, input, ctx) is { } pipeline)
        {
            var build = pipeline.Join?.Vectorized!.Build(ctx);
            if (build is { Unique: false } && pipeline.Join!.Type is JoinType.Inner or JoinType.Left)
            {
                // Several build rows per key: the pairwise probe streams on one thread.
                table = Serial(pipeline.Join.Vectorized!.OpenProbe(build, ctx), pipeline.JoinFilter, ctx);
            }
            else
            {
                table = RunParallel(pipeline, build, ctx);
                parallel = true;
            }
        }
        else
        {
            table = Serial(input.Open(ctx), null, ctx);
        }

        ctx.CheckMemory(table.Count);
        return new MaterializedRowsState(columns, table.Finish(orderByFirstSeen: parallel, ctx.Eval));
    }

    private AggregateTable Serial(OperatorState state, FilterNode? filter, ExecContext ctx)
    {
        var table = new AggregateTable(this);
        try
        {
            while (state.Next() is { } batch)
            {
                ctx.CheckInterrupts();
                if (filter is not null)
                {
                    FilterNode.Apply(batch, filter.Predicate, filter.Compiled, ctx);
                }

                table.Accumulate(batch, ctx, -1);
                ctx.CheckMemory(table.Count);
            }
        }
        finally
        {
            state.Close();
        }

        return table;
    }

    /// <summary>
    /// Morsel-driven execution: each worker claims the next segment, scans it (visibility, filter), probes the join's
    /// build side if any, filters, and aggregates into its own table; the tables are merged at the end. The first error
    /// stops every worker and is rethrown on the calling thread.
    /// </summary>
    private AggregateTable RunParallel(Pipeline p, VectorHashJoin.BuildSide? build, ExecContext ctx)
    {
        var segments = p.Scan.Table.Data.Segments.ToArray();
        var tables = new AggregateTable[p.Workers];
        var next = -1;
        Exception? failure = null;
        var joinFilter = p.JoinFilter?.Compiled;

        void Work(int w)
        {
            var table = tables[w] = new AggregateTable(this);
            try
            {
                var visibility = new SeqScanNode.VisibilityMemo(ctx.Snapshot);
                var prober = build is null ? null : new VectorHashJoin.Prober(p.Join!.Vectorized!, build);
                while (Volatile.Read(ref failure) is null)
                {
                    var s = Interlocked.Increment(ref next);
                    if (s >= segments.Length)
                    {
                        return;
                    }

                    ctx.CheckInterrupts();
                    if (p.Scan.ScanSegment(segments[s], s, visibility) is not { } batch
                        || !Keep(batch, p.ScanFilter, ctx) || (p.FilterBeforeProbe && !Keep(batch, joinFilter, ctx)))
                    {
                        continue;
                    }

                    if (prober is not null)
                    {
                        if (prober.Probe(batch, ctx) is not { } joined)
                        {
                            continue;
                        }

                        batch = joined;
                    }

                    if (!p.FilterBeforeProbe && !Keep(batch, joinFilter, ctx))
                    {
                        continue;
                    }

                    table.Accumulate(batch, ctx, (long)s * TableSegment.Capacity);
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
            }
        }

        var tasks = new Task[p.Workers - 1];
        for (var w = 1; w < p.Workers; w++)
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

        for (var w = 1; w < p.Workers; w++)
        {
            tables[0].Merge(tables[w]);
        }

        return tables[0];
    }

    private static bool Keep(Batch batch, VectorPredicate? filter, ExecContext ctx)
    {
        filter?.Apply(batch, ctx);
        return batch.LiveCount > 0;
    }

    /// <summary>
    /// A plan the cores can share: a plain sequential scan (with a pure filter), optionally probing a vectorised hash
    /// join and filtered by a pure predicate above it, not under EXPLAIN ANALYZE (which times each node), with enough
    /// segments and pure kernels for every key and argument.
    /// </summary>
    private sealed record Pipeline(SeqScanNode Scan, VectorPredicate? ScanFilter, HashJoinNode? Join, FilterNode? JoinFilter,
        bool FilterBeforeProbe, int Workers)
    {
        public static Pipeline? TryCreate(VectorAggregate plan, PlanNode input, ExecContext ctx)
        {
            if (ctx.Analyze is not null || !plan.IsPure)
            {
                return null;
            }

            var node = input;
            var filter = node as FilterNode;
            if (filter is not null)
            {
                if (filter.Compiled is not { IsPure: true } || filter.Input is not HashJoinNode)
                {
                    return null;
                }

                node = filter.Input;
            }

            var join = node as HashJoinNode;
            if (join is not null)
            {
                if (join.Vectorized is not { LeftKey.IsPure: true })
                {
                    return null;
                }

                node = join.Left;
            }

            if (node is not SeqScanNode { EmitRowIds: false } scan)
            {
                return null;
            }

            var scanFilter = scan.Filter is null ? null : scan.CompiledFilter;
            if (scan.Filter is not null && scanFilter is not { IsPure: true })
            {
                return null;
            }

            var workers = Math.Min(Environment.ProcessorCount, scan.Table.Data.Segments.Length / MinSegmentsPerWorker);
            if (workers < 2)
            {
                return null;
            }

            // A filter on probe-side columns only gives the same rows when applied before the probe, for less work.
            var before = filter is not null && join is not null && filter.Compiled!.MaxColumn < join.Left.Columns.Count;
            return new Pipeline(scan, scanFilter, join, filter, before, workers);
        }
    }
}
