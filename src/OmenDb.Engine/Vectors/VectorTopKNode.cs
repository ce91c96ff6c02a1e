using System.Runtime.ExceptionServices;
using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// Exact nearest-neighbour search: <c>ORDER BY col &lt;op&gt; query LIMIT k</c> without sorting every row. The input
/// (a scan, with WHERE already applied as a selection) hands up its batches; each batch's vector column is a
/// <see cref="FloatVectorColumn"/> whose contiguous buffer the SIMD kernels score block by block, on all cores, each
/// worker keeping a bounded heap of its best candidates. The heaps are merged, the survivors re-ranked with the exact
/// float8 distance the query projects (<see cref="VectorMath"/>), ties kept in scan order as a stable sort would, and
/// rows whose vector is null come last, as NULLS LAST puts them.
/// </summary>
internal sealed class VectorTopKNode : PlanNode
{
    /// <summary>Extra candidates each heap keeps beyond k, so that float32 ranking noise at the boundary cannot drop a row
    /// the exact float8 distance would keep.</summary>
    private const int Margin = 8;

    public VectorTopKNode(PlanNode input, int column, BoundExpr query, VectorMetric metric, string operatorName, long k)
        : base(input.Columns)
    {
        Input = input;
        Column = column;
        Query = query;
        Metric = metric;
        OperatorName = operatorName;
        K = (int)Math.Min(k, int.MaxValue - Margin);
        EstimatedRows = Math.Min(K, input.EstimatedRows);
    }

    public PlanNode Input { get; }

    /// <summary>Whether the query vector is the operator's left operand (<c>q &lt;-&gt; col</c>): pgvector's dimension error
    /// names the left operand's dimension first.</summary>
    public bool QueryOnLeft { get; init; }

    /// <summary>Index of the vector column in the input's batches.</summary>
    public int Column { get; }

    /// <summary>The query vector: a constant or parameter, evaluated once per execution.</summary>
    public BoundExpr Query { get; }

    public VectorMetric Metric { get; }

    public string OperatorName { get; }

    public int K { get; }

    /// <summary>A <c>LIMIT $n</c> (plus the constant OFFSET folded into <see cref="K"/>), evaluated per execution; null when
    /// the limit is the constant <see cref="K"/>.</summary>
    public BoundExpr? Limit { get; init; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => "Vector Top-K (exact)";

    public override IEnumerable<string> ExplainDetails =>
        [$"Order By: {Input.Columns[Column].Name} {OperatorName} {Query}", Limit is null ? $"Limit: {K}" : $"Limit: {Limit}"];

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var query = (float[]?)Query.Eval(new Batch([], 1), 0, ctx);
        var k = LimitOf(Limit, K, ctx);
        IReadOnlyList<Batch?> batches;
        if (Input is SeqScanNode { EmitRowIds: false } scan)
        {
            batches = scan.ScanBySegment(ctx);
        }
        else
        {
            var list = new List<Batch?>();
            var input = Input.Open(ctx);
            try
            {
                while (input.Next() is { } batch)
                {
                    ctx.CheckInterrupts();
                    list.Add(batch);
                }
            }
            finally
            {
                input.Close();
            }

            batches = list;
        }

        var nullRows = new List<(int Batch, int Row)>();
        var best = query is null || k == 0 ? [] : Search(batches, query, nullRows, k, (Input as SeqScanNode)?.Table.Data, ctx);
        if (query is null)
        {
            // Every distance is null: ORDER BY keeps scan order.
            CollectNullRows(batches, null, nullRows, k);
        }

        var rows = new List<object?[]>(Math.Min(k, best.Count + nullRows.Count));
        foreach (var c in best)
        {
            rows.Add(Materialize(batches[c.Batch]!, c.Row));
        }

        for (var i = 0; i < nullRows.Count && rows.Count < k; i++)
        {
            rows.Add(Materialize(batches[nullRows[i].Batch]!, nullRows[i].Row));
        }

        return new MaterializedRowsState(Columns, rows);
    }

    /// <summary>The best K rows with a vector, in the order the exact distances give (ties in scan order). Over a table
    /// (<paramref name="table"/> not null) the scoring joins concurrent searches in a <see cref="SharedVectorPass"/>.</summary>
    private List<Candidate> Search(IReadOnlyList<Batch?> batches, float[] query, List<(int Batch, int Row)> nullRows, int k, object? table,
        ExecContext ctx)
    {
        var capacity = k + Margin;
        List<PriorityQueue<Candidate, Candidate>> heaps;
        if (table is not null)
        {
            CheckDimensions(batches, query); // before joining: a wrong dimension fails at once, not after a lap
            var search = new SharedVectorPass.Search(this, query, batches, capacity, ctx.Session);
            SharedVectorPass.Run(table, search);
            search.Dispose();
            // The cancel, then the timeout, each tested once now (ExecContext.CheckInterrupts tests the timeout only every
            // few calls, so it would need the timeout test after it anyway).
            ctx.Session.CheckCancel();
            ctx.Session.CheckStatementTimeout();
            if (search.Error is not null)
            {
                ExceptionDispatchInfo.Throw(search.Error);
            }

            if (search.Stopped)
            {
                // Dropped from the pass for an interrupt its session holds (raised above): never answer from heaps that saw
                // part of the rows.
                ThrowHelper.Throw(SqlState.QueryCanceled, "canceling statement due to user request");
            }

            heaps = search.Heaps;
        }
        else
        {
            heaps = ScoreInParallel(batches, query, capacity);
        }

        CollectNullRows(batches, query, nullRows, k);
        var merged = new List<Candidate>();
        foreach (var heap in heaps)
        {
            while (heap.TryDequeue(out var c, out _))
            {
                merged.Add(c with { Exact = Exact(batches[c.Batch]!, c.Row, query) });
            }
        }

        merged.Sort(CandidateOrder.ByExact);
        if (merged.Count > k)
        {
            merged.RemoveRange(k, merged.Count - k);
        }

        return merged;
    }

    /// <summary>Scores batches that do not come straight from a table on all cores, a bounded heap per worker.</summary>
    private List<PriorityQueue<Candidate, Candidate>> ScoreInParallel(IReadOnlyList<Batch?> batches, float[] query, int capacity)
    {
        var heaps = new List<PriorityQueue<Candidate, Candidate>>();
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, batches.Count));
        try
        {
            Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = workers },
                () => new Worker(new PriorityQueue<Candidate, Candidate>(CandidateOrder.Worst), new float[query.Length]),
                (b, _, worker) =>
                {
                    ScoreBatch(batches[b]!, b, query, worker.Heap, worker.Scratch, capacity);
                    return worker;
                },
                worker =>
                {
                    lock (heaps)
                    {
                        heaps.Add(worker.Heap);
                    }
                });
        }
        catch (AggregateException e)
        {
            // A dimension mismatch in a worker: raise pgvector's error itself, not the wrapper.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return heaps;
    }

    /// <summary>Rows wanted: <paramref name="constant"/>, or a parameter LIMIT plus <paramref name="constant"/> (the OFFSET).
    /// A null LIMIT wants every row; a negative one none (LimitNode above raises its error).</summary>
    internal static int LimitOf(BoundExpr? limit, int constant, ExecContext ctx)
    {
        if (limit is null)
        {
            return constant;
        }

        return limit.Eval(new Batch([], 1), 0, ctx) switch
        {
            null => int.MaxValue - Margin,
            long n => (int)Math.Clamp(n + constant, 0, int.MaxValue - Margin),
            var other => (int)Math.Clamp(Convert.ToInt64(other, System.Globalization.CultureInfo.InvariantCulture) + constant, 0, int.MaxValue - Margin),
        };
    }

    /// <summary>Scores a batch's live rows one by one into <paramref name="heap"/> (the path for batches the shared pass's
    /// kernel does not take: another dimension, or not a contiguous column).</summary>
    internal void ScoreBatch(Batch batch, int batchIndex, float[] query, PriorityQueue<Candidate, Candidate> heap, float[] scratch, int capacity)
    {
        var column = batch.Columns[Column];
        var n = batch.LiveCount;
        var contiguous = column as FloatVectorColumn;
        if (contiguous is not null && contiguous.Dimensions != 0 && contiguous.Dimensions != query.Length)
        {
            contiguous = null; // wrong dimension everywhere: the exact path raises pgvector's error for the first live row
        }

        for (var i = 0; i < n; i++)
        {
            var row = batch.RowAt(i);
            if (column.IsNull(row))
            {
                continue;
            }

            var score = contiguous is not null && contiguous.IsRegular(row)
                ? DistanceKernels.Score(Metric, query, contiguous.Row(row), scratch)
                : ScoreOne(column, row, query, scratch);
            Offer(heap, new Candidate(score, batchIndex, row, 0), capacity);
        }
    }

    /// <summary>Raises pgvector's dimension error for the first live row with a vector of another dimension than
    /// <paramref name="query"/>'s, as scoring it would; cheap when the rows have the query's dimension (a look at each
    /// batch's column, unless it holds rows of other dimensions).</summary>
    private void CheckDimensions(IReadOnlyList<Batch?> batches, float[] query)
    {
        foreach (var batch in batches)
        {
            if (batch is null)
            {
                continue;
            }

            var column = batch.Columns[Column];
            var contiguous = column as FloatVectorColumn;
            if (contiguous is { HasIrregularRows: false } && (contiguous.Dimensions == query.Length || contiguous.Dimensions == 0))
            {
                continue;
            }

            for (var i = 0; i < batch.LiveCount; i++)
            {
                var row = batch.RowAt(i);
                if (!column.IsNull(row) && !(contiguous is not null && contiguous.IsRegular(row) && contiguous.Dimensions == query.Length))
                {
                    CheckSameDimensions((float[])column.GetValue(row)!, query);
                }
            }
        }
    }

    /// <summary>The score of one row read as an array (pgvector's error when its dimension differs from the query's).</summary>
    internal float ScoreOne(ColumnVector column, int row, float[] query, float[] scratch)
    {
        var value = (float[])column.GetValue(row)!;
        CheckSameDimensions(value, query);
        return DistanceKernels.Score(Metric, query, value, scratch);
    }

    /// <summary>pgvector's error when a row's vector and the query differ in dimension, operands in the query's order.</summary>
    private void CheckSameDimensions(float[] value, float[] query)
    {
        if (QueryOnLeft)
        {
            VectorMath.CheckSameDimensions(query, value);
        }
        else
        {
            VectorMath.CheckSameDimensions(value, query);
        }
    }

    /// <summary>Keeps <paramref name="candidate"/> if it is among the best <paramref name="capacity"/> seen.</summary>
    internal static void Offer(PriorityQueue<Candidate, Candidate> heap, Candidate candidate, int capacity)
    {
        if (heap.Count < capacity)
        {
            heap.Enqueue(candidate, candidate);
        }
        else if (!(candidate.Score > heap.Peek().Score) && CandidateOrder.Worst.Compare(candidate, heap.Peek()) > 0)
        {
            heap.EnqueueDequeue(candidate, candidate);
        }
    }

    /// <summary>Rows whose vector is null (all rows when the query is null), in scan order, at most K.</summary>
    private void CollectNullRows(IReadOnlyList<Batch?> batches, float[]? query, List<(int Batch, int Row)> nullRows, int k)
    {
        for (var b = 0; b < batches.Count && nullRows.Count < k; b++)
        {
            if (batches[b] is not { } batch)
            {
                continue;
            }

            var column = batch.Columns[Column];
            if (query is not null && !column.MayHaveNulls)
            {
                continue;
            }

            for (var i = 0; i < batch.LiveCount && nullRows.Count < k; i++)
            {
                var row = batch.RowAt(i);
                if (query is null || column.IsNull(row))
                {
                    nullRows.Add((b, row));
                }
            }
        }
    }

    private double Exact(Batch batch, int row, float[] query) => VectorMath.Distance(Metric, (float[])batch.Columns[Column].GetValue(row)!, query);

    private object?[] Materialize(Batch batch, int row)
    {
        var values = new object?[Columns.Count];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = batch.Columns[c].GetValue(row);
        }

        return values;
    }

    private sealed record Worker(PriorityQueue<Candidate, Candidate> Heap, float[] Scratch);

    /// <summary>A scored row: its float32 kernel score, where it is, and (after merging) its exact distance.</summary>
    internal readonly record struct Candidate(float Score, int Batch, int Row, double Exact);

    /// <summary>Candidate orders. NaN (a cosine against a zero vector) ranks after every number, as float8 sorts it.</summary>
    internal sealed class CandidateOrder : IComparer<Candidate>
    {
        /// <summary>Worst first (the heap's root is the candidate to evict): larger score, then later in scan order.</summary>
        public static readonly CandidateOrder Worst = new(byExact: false);

        /// <summary>Best first by exact distance, ties in scan order.</summary>
        public static readonly CandidateOrder ByExact = new(byExact: true);

        private readonly bool _byExact;

        private CandidateOrder(bool byExact) => _byExact = byExact;

        /// <summary>Ascending distance with NaN (a distance to a zero vector under cosine) last, as ORDER BY puts it.</summary>
        public static int CompareDistances(double x, double y)
            => double.IsNaN(x) || double.IsNaN(y) ? double.IsNaN(x).CompareTo(double.IsNaN(y)) : x.CompareTo(y);

        public int Compare(Candidate x, Candidate y)
        {
            if (_byExact)
            {
                var c = CompareDistances(x.Exact, y.Exact);
                return c != 0 ? c : (x.Batch, x.Row).CompareTo((y.Batch, y.Row));
            }

            var s = float.IsNaN(x.Score) || float.IsNaN(y.Score) ? float.IsNaN(x.Score).CompareTo(float.IsNaN(y.Score)) : x.Score.CompareTo(y.Score);
            return -(s != 0 ? s : (x.Batch, x.Row).CompareTo((y.Batch, y.Row)));
        }
    }
}
