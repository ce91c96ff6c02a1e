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
        bool Visible(long rowId)
        {
            var (segment, offset) = data.Locate(rowId);
            return snapshot.IsVisible(segment.CreatedBy[offset], Volatile.Read(ref segment.DeletedBy[offset]));
        }

        var ef = Math.Max(EfSearch(ctx), k);
        var limit = Math.Max(ef, graph.Count / 4);
        while (true)
        {
            ctx.CheckInterrupts();
            var candidates = graph.Search(query, ef, ef, Visible);
            var rows = Gather(data, candidates, query, ctx);
            if (rows.Count >= k)
            {
                rows.Sort(static (a, b) => VectorTopKNode.CandidateOrder.CompareDistances(a.Distance, b.Distance) is var c and not 0
                    ? c
                    : a.RowId.CompareTo(b.RowId));
                var result = new List<object?[]>(k);
                for (var i = 0; i < k; i++)
                {
                    result.Add(rows[i].Values);
                }

                return new MaterializedRowsState(Columns, result);
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

    /// <summary>The candidate rows that pass the scan's filter, with their exact distances.</summary>
    private List<(double Distance, long RowId, object?[] Values)> Gather(ColumnarTable data, List<(long Label, float Score)> candidates,
        float[] query, ExecContext ctx)
    {
        var table = Scan.Table;
        var width = table.Columns.Count;
        var columns = new ColumnVector[width];
        for (var c = 0; c < width; c++)
        {
            columns[c] = ColumnVector.Create(table.Columns[c].Type, Math.Max(1, candidates.Count));
        }

        for (var n = 0; n < candidates.Count; n++)
        {
            var (segment, offset) = data.Locate(candidates[n].Label);
            for (var c = 0; c < width; c++)
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
            v.Count = candidates.Count;
        }

        var batch = new Batch(columns, candidates.Count);
        if (Scan.Filter is not null && candidates.Count > 0)
        {
            FilterNode.Apply(batch, Scan.Filter, ctx);
        }

        var rows = new List<(double, long, object?[])>(batch.LiveCount);
        for (var i = 0; i < batch.LiveCount; i++)
        {
            var row = batch.RowAt(i);
            var values = new object?[width];
            for (var c = 0; c < width; c++)
            {
                values[c] = columns[c].GetValue(row);
            }

            rows.Add((VectorMath.Distance(Index.Options.Metric, (float[])values[Column]!, query), candidates[row].Label, values));
        }

        return rows;
    }
}
