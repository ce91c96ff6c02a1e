using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Printing;

/// <summary>INSERT, UPDATE, DELETE, SET clauses and index elements.</summary>
internal sealed partial class SqlWriter
{
    private void Returning(IReadOnlyList<ResultTarget> targets)
    {
        if (targets.Count > 0)
        {
            Append(" RETURNING ");
            List(targets, Target);
        }
    }

    private void SetClause(SetClause c)
    {
        if (c.Parenthesized)
        {
            Append('(');
        }

        for (var i = 0; i < c.Columns.Count; i++)
        {
            if (i > 0)
            {
                Append(", ");
            }

            if (c.Targets.Count > i)
            {
                SetTarget(c.Targets[i]);
            }
            else
            {
                Ident(c.Columns[i]);
            }
        }

        if (c.Parenthesized)
        {
            Append(')');
        }

        Append(" = ");
        Expr(c.Value);
    }

    /// <summary>A SET target with indirection: col[1], col.field (no parentheses, unlike an expression).</summary>
    private void SetTarget(Expr target)
    {
        switch (target)
        {
            case SubscriptExpr s:
                SetTarget(s.Operand);
                Append('[');
                if (s.Lower is not null)
                {
                    Expr(s.Lower);
                }

                if (s.IsSlice)
                {
                    Append(':');
                    if (s.Upper is not null)
                    {
                        Expr(s.Upper);
                    }
                }

                Append(']');
                break;
            case FieldSelectExpr f:
                SetTarget(f.Operand);
                Append('.');
                Ident(f.Field!);
                break;
            default:
                Expr(target);
                break;
        }
    }

    private void Insert(InsertStatement s)
    {
        if (s.With is not null)
        {
            With(s.With);
            Append(' ');
        }

        Append("INSERT INTO ");
        Name(s.Table);
        if (s.Alias is not null)
        {
            Append(" AS ");
            Ident(s.Alias);
        }

        if (s.Columns.Count > 0)
        {
            Append(' ');
            ParenIdentList(s.Columns);
        }

        Append(s.Overriding switch
        {
            OverridingKind.SystemValue => " OVERRIDING SYSTEM VALUE",
            OverridingKind.UserValue => " OVERRIDING USER VALUE",
            _ => "",
        });
        if (s.Source is null)
        {
            Append(" DEFAULT VALUES");
        }
        else
        {
            Append(' ');
            Select(s.Source);
        }

        if (s.OnConflict is { } oc)
        {
            Append(" ON CONFLICT");
            if (oc.Target.Count > 0)
            {
                Append(" (");
                List(oc.Target, IndexElement);
                Append(')');
                if (oc.TargetWhere is not null)
                {
                    Append(" WHERE ");
                    Expr(oc.TargetWhere);
                }
            }
            else if (oc.ConstraintName is not null)
            {
                Append(" ON CONSTRAINT ");
                Ident(oc.ConstraintName);
            }

            if (oc.Action == OnConflictAction.Nothing)
            {
                Append(" DO NOTHING");
            }
            else
            {
                Append(" DO UPDATE SET ");
                List(oc.Set, SetClause);
                if (oc.Where is not null)
                {
                    Append(" WHERE ");
                    Expr(oc.Where);
                }
            }
        }

        Returning(s.Returning);
    }

    private void Update(UpdateStatement s)
    {
        if (s.With is not null)
        {
            With(s.With);
            Append(' ');
        }

        Append("UPDATE ");
        TableRef(s.Table);
        Append(" SET ");
        List(s.Set, SetClause);
        if (s.From.Count > 0)
        {
            Append(" FROM ");
            List(s.From, TableRef);
        }

        WhereOrCursor(s.Where, s.WhereCurrentOf);
        Returning(s.Returning);
    }

    private void Delete(DeleteStatement s)
    {
        if (s.With is not null)
        {
            With(s.With);
            Append(' ');
        }

        Append("DELETE FROM ");
        TableRef(s.Table);
        if (s.Using.Count > 0)
        {
            Append(" USING ");
            List(s.Using, TableRef);
        }

        WhereOrCursor(s.Where, s.WhereCurrentOf);
        Returning(s.Returning);
    }

    private void WhereOrCursor(Expr? where, string? cursor)
    {
        if (cursor is not null)
        {
            Append(" WHERE CURRENT OF ");
            Ident(cursor);
        }
        else if (where is not null)
        {
            Append(" WHERE ");
            Expr(where);
        }
    }

    private void IndexElement(IndexElement e)
    {
        if (e.Column is not null)
        {
            Ident(e.Column);
        }
        else if (e.Expression is FunctionCall { Syntax: FunctionSyntax.Normal, Over: null, Filter: null })
        {
            Expr(e.Expression);
        }
        else
        {
            Append('(');
            Expr(e.Expression!);
            Append(')');
        }

        if (e.Collation is not null)
        {
            Append(" COLLATE ");
            Name(e.Collation);
        }

        if (e.OpClass is not null)
        {
            Append(' ');
            Name(e.OpClass);
            if (e.OpClassOptions.Count > 0)
            {
                Append(' ');
                DefElemList(e.OpClassOptions);
            }
        }

        Append(e.Direction switch
        {
            SortDirection.Asc => " ASC",
            SortDirection.Desc => " DESC",
            _ => "",
        });
        Append(e.Nulls switch
        {
            NullsOrder.First => " NULLS FIRST",
            NullsOrder.Last => " NULLS LAST",
            _ => "",
        });
    }
}
