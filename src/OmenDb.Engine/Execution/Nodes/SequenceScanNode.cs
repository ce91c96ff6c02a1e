using OmenDb.Engine.Catalog;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>A sequence read as a relation (<c>SELECT last_value, is_called FROM seq</c>): its one row, read at execution.</summary>
internal sealed class SequenceScanNode : PlanNode
{
    public SequenceScanNode(SequenceInfo sequence)
        : base([new ResultColumn("last_value", PgTypes.Int8, -1, sequence.Oid, 1), new ResultColumn("log_cnt", PgTypes.Int8, -1, sequence.Oid, 2),
            new ResultColumn("is_called", PgTypes.Bool, -1, sequence.Oid, 3)])
    {
        Sequence = sequence;
        EstimatedRows = 1;
    }

    public SequenceInfo Sequence { get; }

    public override string ExplainName => $"Seq Scan on {Sequence.Name}";

    protected override OperatorState OpenCore(ExecContext ctx)
        => new MaterializedRowsState(Columns, [[Sequence.LastValue, 0L, Sequence.IsCalled]]);
}
