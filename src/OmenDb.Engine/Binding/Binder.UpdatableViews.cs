using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Functions;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Parsing;

namespace OmenDb.Engine.Binding;

// Automatically updatable views (PostgreSQL docs: CREATE VIEW, "Updatable Views"). INSERT, UPDATE and DELETE on a
// view whose query reads one table or view with no DISTINCT, GROUP BY, HAVING, set operation, WITH, LIMIT/OFFSET,
// aggregate, window or set-returning function in its select list are rewritten into the same statement on the base
// relation: view columns become the base columns they show, and the view's WHERE is ANDed to the statement's.
// Other views answer PostgreSQL's 55000 with the reason. Not done here: WITH CHECK OPTION, UPDATE/DELETE through a
// view that renames columns, and RETURNING unless the view shows its base relation's columns unchanged (0A000).
internal sealed partial class Binder
{
    /// <summary>A view that can take DML: its base relation as written in the view, its WHERE, and for each view
    /// column the base column it shows (null when it is an expression, so not updatable).</summary>
    private sealed record UpdatableView(ViewInfo View, RelationRef Base, Expr? Where, List<(string Name, string? BaseColumn)> Columns)
    {
        /// <summary>Whether every view column shows the base column of the same name.</summary>
        public bool KeepsNames => Columns.All(c => c.BaseColumn == c.Name);
    }

    /// <summary>INSERT INTO view: the same INSERT on the base relation, with the view's columns mapped.</summary>
    private InsertStatement? RewriteViewInsert(InsertStatement ins)
    {
        if (FindRelation(ins.Table) is not ViewInfo view)
        {
            return null;
        }

        var v = UpdatableViewOf(view, "insert into", "inserting into", "INSERT");
        CheckViewReturning(v, ins.Returning);
        var names = ins.Columns.Count > 0 ? ins.Columns : [.. v.Columns.Select(c => c.Name)];
        var mapped = names.Select((n, i) => BaseColumn(v, n, "insert into", i < ins.ColumnPositions.Count ? ins.ColumnPositions[i] : -1)).ToList();
        return ins with { Table = v.Base.Name, Columns = mapped };
    }

    /// <summary>UPDATE view: the same UPDATE on the base relation, restricted to the rows the view shows.</summary>
    private UpdateStatement? RewriteViewUpdate(UpdateStatement upd)
    {
        if (FindRelation(upd.Table.Name) is not ViewInfo view)
        {
            return null;
        }

        var v = UpdatableViewOf(view, "update", "updating", "UPDATE");
        RequireSameNames(v, "UPDATE");
        CheckViewReturning(v, upd.Returning);
        foreach (var set in upd.Set)
        {
            foreach (var column in set.Columns)
            {
                BaseColumn(v, column, "update", set.Position);
            }
        }

        return upd with { Table = new RelationRef(v.Base.Name, upd.Table.Alias ?? v.Base.Alias), Where = And(upd.Where, v.Where) };
    }

    /// <summary>DELETE FROM view: the same DELETE on the base relation, restricted to the rows the view shows.</summary>
    private DeleteStatement? RewriteViewDelete(DeleteStatement del)
    {
        if (FindRelation(del.Table.Name) is not ViewInfo view)
        {
            return null;
        }

        var v = UpdatableViewOf(view, "delete from", "deleting from", "DELETE");
        RequireSameNames(v, "DELETE");
        CheckViewReturning(v, del.Returning);
        return del with { Table = new RelationRef(v.Base.Name, del.Table.Alias ?? v.Base.Alias), Where = And(del.Where, v.Where) };
    }

    private static Expr? And(Expr? a, Expr? b) => a is null ? b : b is null ? a : new AndExpr([a, b]);

    /// <summary>The view as an updatable one, or 55000 with PostgreSQL's reason (view_query_is_auto_updatable).</summary>
    private UpdatableView UpdatableViewOf(ViewInfo view, string verb, string gerund, string command)
    {
        var query = SqlParser.ParseStatement(view.QuerySql) as SelectStatement;
        var core = query?.Body as SelectCore;
        string? reason = null;
        if (query is null || core is null)
        {
            reason = query?.Body is ValuesBody ? "Views that do not select from a single table or view are not automatically updatable."
                : "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.";
        }
        else if (core.Distinct || core.DistinctOn.Count > 0)
        {
            reason = "Views containing DISTINCT are not automatically updatable.";
        }
        else if (core.GroupBy.Count > 0)
        {
            reason = "Views containing GROUP BY are not automatically updatable.";
        }
        else if (core.Having is not null)
        {
            reason = "Views containing HAVING are not automatically updatable.";
        }
        else if (query.With is not null)
        {
            reason = "Views containing WITH are not automatically updatable.";
        }
        else if (query.Limit is not null || query.Offset is not null)
        {
            reason = "Views containing LIMIT or OFFSET are not automatically updatable.";
        }
        else if (core.Targets.Any(t => ContainsAggregate(t.Expr)))
        {
            reason = "Views that return aggregate functions are not automatically updatable.";
        }
        else if (core.Targets.Any(t => ContainsWindow(t.Expr)))
        {
            reason = "Views that return window functions are not automatically updatable.";
        }
        else if (core.Targets.Any(t => t.Expr is FunctionCall f && BuiltinFunctions.LookupSetReturning(f.Name.Name).Count > 0))
        {
            reason = "Views that return set-returning functions are not automatically updatable.";
        }
        else if (core.From is not [RelationRef baseRef] || FindRelation(baseRef.Name) is not (TableInfo or ViewInfo))
        {
            reason = "Views that do not select from a single table or view are not automatically updatable.";
        }

        if (reason is not null)
        {
            throw new PgException(SqlState.ObjectNotInPrerequisiteState, $"cannot {verb} view \"{view.Name}\"")
            {
                Detail = reason,
                Hint = $"To enable {gerund} the view, provide an INSTEAD OF {command} trigger or an unconditional ON {command} DO INSTEAD rule.",
            };
        }

        var from = (RelationRef)core!.From[0];
        var qualifier = from.Alias?.Name ?? from.Name.Name;
        var baseColumns = FindRelation(from.Name) switch
        {
            TableInfo t => t.LiveColumns.Select(c => c.Name).ToList(),
            ViewInfo bv => bv.Columns.Select(c => c.Name).ToList(),
            _ => [],
        };
        var shown = new List<string?>();
        foreach (var target in core.Targets)
        {
            switch (target.Expr)
            {
                case StarExpr:
                    shown.AddRange(baseColumns);
                    break;
                case ColumnRef { Parts: [var name] }:
                    shown.Add(name);
                    break;
                case ColumnRef { Parts: [var q, var name] } when q == qualifier:
                    shown.Add(name);
                    break;
                default:
                    shown.Add(null);
                    break;
            }
        }

        var columns = view.Columns.Select((c, i) => (c.Name, i < shown.Count ? shown[i] : null)).ToList();
        return new UpdatableView(view, from, core.Where, columns);
    }

    /// <summary>The base column behind view column <paramref name="name"/>: 42703 when the view has no such column
    /// (at 0-based <paramref name="position"/>, -1 for none), 0A000 when it shows an expression.</summary>
    private static string BaseColumn(UpdatableView v, string name, string verb, int position)
    {
        foreach (var (column, baseColumn) in v.Columns)
        {
            if (column == name)
            {
                return baseColumn ?? throw new PgException(SqlState.FeatureNotSupported, $"cannot {verb} column \"{name}\" of view \"{v.View.Name}\"")
                {
                    Detail = "View columns that are not columns of their base relation are not updatable.",
                };
            }
        }

        throw new PgException(SqlState.UndefinedColumn, $"column \"{name}\" of relation \"{v.View.Name}\" does not exist")
        {
            Position = position + 1,
        };
    }

    private static void RequireSameNames(UpdatableView v, string command)
    {
        if (!v.Columns.All(c => c.BaseColumn is null || c.BaseColumn == c.Name))
        {
            throw new PgException(SqlState.FeatureNotSupported, $"{command} through a view that renames its base columns is not supported");
        }
    }

    private void CheckViewReturning(UpdatableView v, IReadOnlyList<ResultTarget> returning)
    {
        var baseColumns = FindRelation(v.Base.Name) is TableInfo t ? t.LiveColumns.Select(c => c.Name) : v.Columns.Select(c => c.BaseColumn);
        if (returning.Count > 0 && !(v.KeepsNames && baseColumns.SequenceEqual(v.Columns.Select(c => c.BaseColumn))))
        {
            throw new PgException(SqlState.FeatureNotSupported, "RETURNING through a view that does not show its base relation's columns unchanged is not supported");
        }
    }
}
