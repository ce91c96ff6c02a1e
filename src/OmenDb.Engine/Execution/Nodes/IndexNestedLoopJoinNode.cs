using OmenDb.Engine.Binding;
using OmenDb.Engine.Indexes;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// Index nested-loop join: for each batch of outer rows, the join keys are looked up in the inner table's ordered
/// key index all at once (<see cref="IndexVersion.LookupMany"/>, whose engine search overlaps the cache misses of
/// independent keys with software prefetch), and every visible inner row version found is joined to its outer row.
/// Chosen by <see cref="IndexJoinPlanner"/> instead of a hash join when the outer side is small against the inner
/// table, so that the inner table is probed instead of scanned and hashed whole. INNER and LEFT joins; output: outer
/// columns then inner columns, as the hash join it replaces.
/// </summary>
internal sealed class IndexNestedLoopJoinNode : PlanNode
{
    public IndexNestedLoopJoinNode(PlanNode left, IndexProbeNode inner, JoinType type, BoundExpr outerKey, BoundExpr? residual,
        IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Left = left;
        Inner = inner;
        Type = type;
        OuterKey = outerKey;
        Residual = residual;
        EstimatedRows = type == JoinType.Left ? Math.Max(1, left.EstimatedRows) : Math.Max(1, Math.Min(left.EstimatedRows, inner.EstimatedRows));
    }

    public PlanNode Left { get; }

    /// <summary>The inner table's index probe (shown in EXPLAIN as its Index Scan).</summary>
    public IndexProbeNode Inner { get; }

    public JoinType Type { get; }

    /// <summary>The outer side's join key (over the outer columns).</summary>
    public BoundExpr OuterKey { get; }

    /// <summary>Other join conditions, over outer then inner columns.</summary>
    public BoundExpr? Residual { get; }

    public override IEnumerable<PlanNode> Children => [Left, Inner];

    public override string ExplainName => "Nested Loop" + (Type == JoinType.Inner ? "" : $" {Type} Join");

    public override IEnumerable<string> ExplainDetails => Residual is null ? [] : [$"Join Filter: {Residual}"];

    /// <summary>Keys looked up per batched index search.</summary>
    private const int ProbeChunk = 2048;

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var version = KeyIndexRegistry.Get(Inner.Table, Inner.KeyColumn, IndexScanNode.EffectiveMethod(Inner.Method, ctx)).Sync();
        var stats = ctx.Analyze?.For(Inner);
        var leftWidth = Left.Columns.Count;
        var innerWidth = Inner.Columns.Count;
        var slot = Residual is null ? null : new RowSlot(Columns.Select(c => c.Type).ToList());
        var innerSlot = Inner.Filter is null ? null : new RowSlot(Inner.Columns.Select(c => c.Type).ToList());
        var output = new List<object?[]>();
        var rowIds = new List<long>();
        var outer = new List<object?[]>();
        var keyOf = new List<int>();
        var keys = new List<long>();
        var endsBuffer = new int[ProbeChunk];
        var r = new object?[innerWidth]; // the inner row being matched, copied into each output row
        var left = Left.Open(ctx);
        try
        {
            while (left.Next() is { } batch)
            {
                for (var i = 0; i < batch.LiveCount; i++)
                {
                    var phys = batch.RowAt(i);
                    outer.Add(RowBatchBuilder.ReadRow(batch, phys));
                    if (TableKeyIndex.TryKey(OuterKey.Eval(batch, phys, ctx), out var key))
                    {
                        keyOf.Add(keys.Count);
                        keys.Add(key);
                    }
                    else
                    {
                        keyOf.Add(-1); // NULL joins nothing
                    }

                    if (keys.Count == ProbeChunk)
                    {
                        Probe();
                    }
                }
            }

            Probe();
        }
        finally
        {
            left.Close();
        }

        return new MaterializedRowsState(Columns, output);

        void Probe()
        {
            if (outer.Count == 0)
            {
                return;
            }

            ctx.CheckInterrupts();
            var ends = endsBuffer.AsSpan(0, keys.Count);
            rowIds.Clear();
            version.LookupMany(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys), rowIds, ends);
            var table = Inner.Table;
            var snapshot = ctx.Snapshot;
            for (var o = 0; o < outer.Count; o++)
            {
                var l = outer[o];
                var k = keyOf[o];
                var matched = false;
                for (var j = k <= 0 ? 0 : ends[k - 1]; k >= 0 && j < ends[k]; j++)
                {
                    var (seg, off) = table.Data.Locate(rowIds[j]);
                    if (!snapshot.IsVisible(seg.CreatedBy[off], Volatile.Read(ref seg.DeletedBy[off])))
                    {
                        continue;
                    }

                    table.Data.ReadRow(rowIds[j], r);

                    if (innerSlot is not null)
                    {
                        innerSlot.Load(r, innerWidth, null);
                        if (Inner.Filter!.Eval(innerSlot.Batch, 0, ctx) is not true)
                        {
                            continue;
                        }
                    }

                    if (stats is not null)
                    {
                        stats.Rows++;
                    }

                    if (slot is not null)
                    {
                        slot.Load(l, leftWidth, r);
                        if (Residual!.Eval(slot.Batch, 0, ctx) is not true)
                        {
                            continue;
                        }
                    }

                    matched = true;
                    var joined = new object?[leftWidth + innerWidth];
                    l.CopyTo(joined, 0);
                    r.CopyTo(joined, leftWidth);
                    output.Add(joined);
                }

                if (!matched && Type == JoinType.Left)
                {
                    var padded = new object?[leftWidth + innerWidth];
                    l.CopyTo(padded, 0);
                    output.Add(padded);
                }
            }

            ctx.CheckMemory(output.Count);
            outer.Clear();
            keyOf.Clear();
            keys.Clear();
        }
    }
}
