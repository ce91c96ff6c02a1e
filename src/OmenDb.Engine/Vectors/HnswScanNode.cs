using System.Globalization;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// <c>ORDER BY col &lt;op&gt; q LIMIT k</c> through an HNSW index, as pgvector's index scan: the graph is searched with
/// <c>hnsw.ef_search</c> candidates (at least k), candidates the snapshot cannot see are skipped during the walk, the
/// rest are gathered, filtered by the scan's WHERE, and re-ranked by the exact float8 distance. When fewer than k rows
/// survive, the search is repeated with a four times larger candidate list, and past a quarter of the table or the
/// whole graph (or when the index is not ready or the query is null) the exact <see cref="VectorTopKNode"/> answers instead:
/// a filtered query returns k rows whenever k rows match. Output columns are the scan's (the table's physical slots).
/// </summary>
internal sealed class HnswScanNode : PlanNode
{
    /// <summary>The session setting pgvector defines (1..1000, default 40).</summary>
    public const string EfSearchSetting = "hnsw.ef_search";

    public HnswScanNode(SeqScanNode scan, HnswIndex index, int column, BoundExpr query, string operatorName, VectorTopKNode exact)
        : base(scan.Columns)
    {
        Scan = scan;
        Index = index;
        Column = column;
        Query = query;
        OperatorName = operatorName;
        Exact = exact;
        EstimatedRows = exact.EstimatedRows;
    }

    public SeqScanNode Scan { get; }

    public HnswIndex Index { get; }

    /// <summary>Slot of the vector column.</summary>
    public int Column { get; }

    public BoundExpr Query { get; }

    public string OperatorName { get; }

    /// <summary>The exact search over the same scan: the fallback.</summary>
    public VectorTopKNode Exact { get; }

    public override string ExplainName => Scan.Alias == Scan.Table.Name
        ? $"Index Scan using {Index.Info.Name} on {Scan.Table.Name}"
        : $"Index Scan using {Index.Info.Name} on {Scan.Table.Name} {Scan.Alias}";

    public override IEnumerable<string> ExplainDetails => Scan.Filter is null
        ? [$"Order By: ({Columns[Column].Name} {OperatorName} {Query})"]
        : [$"Order By: ({Columns[Column].Name} {OperatorName} {Query})", $"Filter: {Scan.Filter}"];

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var query = (float[]?)Query.Eval(new Batch([], 1), 0, ctx);
        var k = VectorTopKNode.LimitOf(Exact.Limit, Exact.K, ctx);
        if (query is null || !Index.IsReady || query.Length != Index.Options.Dimensions || k == 0)
        {
            return Exact.Open(ctx); // null distances, an index still building, or pgvector's dimension error
        }

        var graph = Index.Sync();
        var table = Scan.Table;
        var data = table.Data;
        var snapshot = ctx.Snapshot;
        bool Visible(long rowId) => data.IsVisible(rowId, snapshot);

        var ef = Math.Max(EfSearch(ctx), k);
        var limit = Math.Max(ef, graph.Count / 4);
        while (true)
        {
            ctx.CheckInterrupts();
            var candidates = graph.Search(query, ef, ef, Visible, rescore: false); // Gather ranks them by exact distance
            var rows = Gather(data, candidates, query, k, ctx);
            if (rows.Count >= k)
            {
                return new MaterializedRowsState(Columns, rows);
            }

            if (ef >= limit || ef >= graph.Count)
            {
                return Exact.Open(ctx);
            }

            ef = (int)Math.Min(limit, ef * 4L);
        }
    }

    /// <summary>The session's hnsw.ef_search.</summary>
    private static int EfSearch(ExecContext ctx)
        => int.TryParse(ctx.Session.GetSetting(EfSearchSetting), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ef) ? ef : 40;

    /// <summary>
    /// The first <paramref name="k"/> candidate rows that pass the scan's filter, closest first by the exact float8
    /// distance (ties by row id, NaN last). Distances are computed from the stored vectors; the filter then runs over
    /// windows of candidates in that order until k rows pass, and only the rows returned are read out.
    /// </summary>
    private List<object?[]> Gather(ColumnarTable data, List<(long Label, float Score)> candidates, float[] query, int k, ExecContext ctx)
    {
        var ranked = new (double Distance, long RowId)[candidates.Count];
        for (var i = 0; i < ranked.Length; i++)
        {
            var (segment, offset) = data.Locate(candidates[i].Label);
            var column = segment.Columns[Column];
            var vector = column is FloatVectorColumn floats ? floats.ValueSpan(offset) : (float[])column.GetValue(offset)!; // read in place
            ranked[i] = (VectorMath.Distance(Index.Options.Metric, vector, query), candidates[i].Label);
        }

        Array.Sort(ranked, static (a, b) => VectorTopKNode.CandidateOrder.CompareDistances(a.Distance, b.Distance) is var c and not 0
            ? c
            : a.RowId.CompareTo(b.RowId));
        var width = Scan.Table.Columns.Count;
        var rows = new List<object?[]>(Math.Min(k, ranked.Length));
        var window = Math.Max(k, 16);
        for (var from = 0; from < ranked.Length && rows.Count < k; from += window)
        {
            var slice = ranked.AsSpan(from, Math.Min(window, ranked.Length - from));
            var passed = Scan.Filter is null ? null : Filter(data, slice, ctx);
            for (var i = 0; i < slice.Length && rows.Count < k; i++)
            {
                if (passed is null || passed[i])
                {
                    var values = new object?[width];
                    data.ReadRow(slice[i].RowId, values);
                    rows.Add(values);
                }
            }
        }

        return rows;
    }

    /// <summary>Which of <paramref name="rows"/> pass the scan's WHERE: they are copied into one batch and filtered.</summary>
    private bool[] Filter(ColumnarTable data, ReadOnlySpan<(double Distance, long RowId)> rows, ExecContext ctx)
    {
        var table = Scan.Table;
        var columns = new ColumnVector[table.Columns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = ColumnVector.Create(table.Columns[c].Type, rows.Length);
        }

        for (var n = 0; n < rows.Length; n++)
        {
            var (segment, offset) = data.Locate(rows[n].RowId);
            for (var c = 0; c < columns.Length; c++)
            {
                if (c < segment.Columns.Length)
                {
                    columns[c].CopyFrom(segment.Columns[c], offset, n);
                }
                else
                {
                    columns[c].SetNull(n);
                }
            }
        }

        foreach (var v in columns)
        {
            v.Count = rows.Length;
        }

        var batch = new Batch(columns, rows.Length);
        FilterNode.Apply(batch, Scan.Filter!, ctx);
        var passed = new bool[rows.Length];
        for (var i = 0; i < batch.LiveCount; i++)
        {
            passed[batch.RowAt(i)] = true;
        }

        return passed;
    }
}
