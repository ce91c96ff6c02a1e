using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// Scans a table's segments without copying: each segment's vectors go up as a batch whose selection lists
/// the row versions visible to the snapshot (and passing the pushed-down filter). Output columns are the
/// table's physical slots (dropped columns included, so slot = column index).
/// </summary>
internal sealed class SeqScanNode : PlanNode
{
    public SeqScanNode(TableInfo table, string alias, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Table = table;
        Alias = alias;
        EstimatedRows = Math.Max(1, table.RelTuples >= 0 ? table.RelTuples : table.Data.RowVersionCount);
    }

    public TableInfo Table { get; }

    public string Alias { get; }

    /// <summary>A filter evaluated during the scan (pushed down by the planner), or null.</summary>
    public BoundExpr? Filter { get; init; }

    /// <summary>When set, the scan also outputs each row's row id as a final int8 column (for UPDATE/DELETE).</summary>
    public bool EmitRowIds { get; init; }

    public override string ExplainName => Alias == Table.Name ? $"Seq Scan on {Table.Name}" : $"Seq Scan on {Table.Name} {Alias}";

    public override IEnumerable<string> ExplainDetails => Filter is null ? [] : [$"Filter: {Filter}"];

    protected override OperatorState OpenCore(ExecContext ctx) => new State(this, ctx);

    private sealed class State : OperatorState
    {
        private readonly SeqScanNode _node;
        private readonly ExecContext _ctx;
        private readonly TableSegment[] _segments;
        private int _next;

        public State(SeqScanNode node, ExecContext ctx)
        {
            _node = node;
            _ctx = ctx;
            _segments = node.Table.Data.Segments.ToArray();
        }

        public override Batch? Next()
        {
            while (_next < _segments.Length)
            {
                _ctx.CheckInterrupts();
                var segIndex = _next++;
                var seg = _segments[segIndex];
                var count = Volatile.Read(ref seg.Count);
                var selection = new int[count];
                var n = 0;
                var snapshot = _ctx.Snapshot;
                for (var r = 0; r < count; r++)
                {
                    if (snapshot.IsVisible(seg.CreatedBy[r], Volatile.Read(ref seg.DeletedBy[r])))
                    {
                        selection[n++] = r;
                    }
                }

                if (n == 0)
                {
                    continue;
                }

                ColumnVector[] columns = seg.Columns;
                if (columns.Length < _node.Table.Columns.Count)
                {
                    // A column added after this segment was captured: read it as nulls.
                    columns = [.. columns, .. _node.Table.Columns.Skip(columns.Length).Select(c => NullVector(c, count))];
                }

                if (_node.EmitRowIds)
                {
                    var ids = new PrimitiveVector<long>(Types.PgTypes.Int8, count) { Count = count };
                    var baseId = (long)segIndex * TableSegment.Capacity;
                    for (var r = 0; r < count; r++)
                    {
                        ids.Values[r] = baseId + r;
                    }

                    columns = [.. columns, ids];
                }

                var batch = new Batch(columns, count)
                {
                    Selection = n == count ? null : selection,
                    SelectionCount = n,
                };
                if (_node.Filter is not null)
                {
                    FilterNode.Apply(batch, _node.Filter, _ctx);
                    if (batch.LiveCount == 0)
                    {
                        continue;
                    }
                }

                return batch;
            }

            return null;
        }

        private static ColumnVector NullVector(ColumnInfo c, int count)
        {
            var v = ColumnVector.Create(c.Type, Math.Max(count, 1));
            for (var r = 0; r < count; r++)
            {
                v.SetNull(r);
            }

            v.Count = count;
            return v;
        }
    }
}
