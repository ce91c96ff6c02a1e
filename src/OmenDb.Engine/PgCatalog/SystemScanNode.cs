using OmenDb.Engine.Execution;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.PgCatalog;

/// <summary>Scans a system relation: its rows are computed from the catalog when the execution starts.</summary>
internal sealed class SystemScanNode : PlanNode
{
    public SystemScanNode(SystemTable table, string alias, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Table = table;
        Alias = alias;
        EstimatedRows = 100;
    }

    public SystemTable Table { get; }

    public string Alias { get; }

    public override string ExplainName => Alias == Table.Name ? $"Seq Scan on {Table.Name}" : $"Seq Scan on {Table.Name} {Alias}";

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var reader = ctx.Session.CatalogReader();
        return Table.Cache is { } cache
            ? new SharedBatchesState(cache.Get(Table, reader))
            : new MaterializedRowsState(Columns, Table.Rows(reader, Table).ToList());
    }
}
