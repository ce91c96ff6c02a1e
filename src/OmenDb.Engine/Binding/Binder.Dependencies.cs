using OmenDb.Engine.Catalog;

namespace OmenDb.Engine.Binding;

internal sealed partial class Binder
{
    /// <summary>Tables and views named in FROM while binding (what a view built from this query depends on).</summary>
    public HashSet<RelationInfo> ReferencedRelations { get; } = [];

    /// <summary>Binds a condition (index predicate, CHECK) that must be boolean.</summary>
    public BoundExpr BindCondition(Sql.Ast.Expr expr, Scope scope, string construct) => CoerceToBool(BindExpr(expr, scope), construct, expr);
}
