using OmenDb.Engine.Catalog;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

// Expressions stored with a table (CHECK constraints) bound over its physical row: slot i is column i.
internal sealed partial class Binder
{
    /// <summary>Binds a CHECK expression of <paramref name="table"/> over the table's physical row.</summary>
    public BoundExpr BindTableCheck(TableInfo table, Expr expression)
    {
        var scope = new Scope(null);
        scope.Items.Add(new ScopeItem(table.Name,
            [.. table.Columns.Select(c => new ScopeColumn(c.Name, c.Type, c.Typmod, c.Slot, table.Oid, c.AttNum) { Hidden = c.IsDropped })]));
        return BindExpr(expression, scope);
    }
}
