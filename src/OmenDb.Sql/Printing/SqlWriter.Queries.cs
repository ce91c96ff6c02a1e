using OmenDb.Sql.Ast;
using P = OmenDb.Sql.Parsing.Parser.Prec;

namespace OmenDb.Sql.Printing;

/// <summary>Queries, FROM items and DML.</summary>
internal sealed partial class SqlWriter
{
    private void Select(SelectStatement s)
    {
        if (s.With is not null)
        {
            With(s.With);
            Append(' ');
        }

        Body(s.Body, 0);
        if (s.OrderBy.Count > 0)
        {
            Append(" ORDER BY ");
            SortList(s.OrderBy);
        }

        if (!s.FetchSyntax)
        {
            if (s.LimitAll)
            {
                Append(" LIMIT ALL");
            }
            else if (s.Limit is not null)
            {
                Append(" LIMIT ");
                Expr(s.Limit);
            }
        }

        if (s.Offset is not null)
        {
            Append(" OFFSET ");
            Expr(s.Offset);
        }

        if (s.FetchSyntax && s.Limit is not null)
        {
            Append(" FETCH FIRST ");
            Expr(s.Limit, P.Additive + 1);
            Append(s.WithTies ? " ROWS WITH TIES" : " ROWS ONLY");
        }

        foreach (var l in s.Locking)
        {
            Append(l.Strength switch
            {
                LockStrength.Update => " FOR UPDATE",
                LockStrength.NoKeyUpdate => " FOR NO KEY UPDATE",
                LockStrength.Share => " FOR SHARE",
                _ => " FOR KEY SHARE",
            });
            if (l.Of.Count > 0)
            {
                Append(" OF ");
                NameList(l.Of);
            }

            Append(l.Wait switch
            {
                LockWaitPolicy.NoWait => " NOWAIT",
                LockWaitPolicy.SkipLocked => " SKIP LOCKED",
                _ => "",
            });
        }
    }

    private void With(WithClause w)
    {
        Append(w.Recursive ? "WITH RECURSIVE " : "WITH ");
        List(w.Ctes, c =>
        {
            Ident(c.Name);
            if (c.Columns.Count > 0)
            {
                ParenIdentList(c.Columns);
            }

            Append(c.Materialization switch
            {
                CteMaterialization.Materialized => " AS MATERIALIZED (",
                CteMaterialization.NotMaterialized => " AS NOT MATERIALIZED (",
                _ => " AS (",
            });
            Statement(c.Query);
            Append(')');
        });
    }

    /// <summary>Set-operation precedence: UNION/EXCEPT 1, INTERSECT 2, anything else binds tighter.</summary>
    private static int BodyPrecedence(QueryBody b) => b switch
    {
        SetOperation { Operator: SetOperator.Intersect } => 2,
        SetOperation => 1,
        _ => 3,
    };

    private void Body(QueryBody b, int min)
    {
        if (BodyPrecedence(b) < min)
        {
            Append('(');
            Body(b, 0);
            Append(')');
            return;
        }

        switch (b)
        {
            case SelectCore c:
                Core(c);
                break;
            case ValuesBody v:
                Append("VALUES ");
                List(v.Rows, row =>
                {
                    Append('(');
                    ExprList(row);
                    Append(')');
                });
                break;
            case SetOperation s:
            {
                var prec = BodyPrecedence(s);
                Body(s.Left, prec);
                Append(s.Operator switch
                {
                    SetOperator.Union => " UNION ",
                    SetOperator.Intersect => " INTERSECT ",
                    _ => " EXCEPT ",
                });
                if (s.All)
                {
                    Append("ALL ");
                }

                Body(s.Right, prec + 1);
                break;
            }

            case NestedQuery n:
                Append('(');
                Select(n.Query);
                Append(')');
                break;
        }
    }

    private void Core(SelectCore c)
    {
        Append("SELECT");
        if (c.Distinct)
        {
            Append(" DISTINCT");
            if (c.DistinctOn.Count > 0)
            {
                Append(" ON (");
                ExprList(c.DistinctOn);
                Append(')');
            }
        }

        if (c.Targets.Count > 0)
        {
            Append(' ');
            List(c.Targets, Target);
        }

        if (c.Into is not null)
        {
            Append(" INTO ");
            if (c.Into.Temporary)
            {
                Append("TEMPORARY ");
            }
            else if (c.Into.Unlogged)
            {
                Append("UNLOGGED ");
            }

            Append("TABLE ");
            Name(c.Into.Table);
        }

        if (c.From.Count > 0)
        {
            Append(" FROM ");
            List(c.From, TableRef);
        }

        if (c.Where is not null)
        {
            Append(" WHERE ");
            Expr(c.Where);
        }

        if (c.GroupBy.Count > 0)
        {
            Append(c.GroupByDistinct ? " GROUP BY DISTINCT " : " GROUP BY ");
            ExprList(c.GroupBy);
        }

        if (c.Having is not null)
        {
            Append(" HAVING ");
            Expr(c.Having);
        }

        if (c.Windows.Count > 0)
        {
            Append(" WINDOW ");
            List(c.Windows, w =>
            {
                Ident(w.Name);
                Append(" AS ");
                WindowSpec(w.Spec with { IsBareName = false });
            });
        }
    }

    private void Target(ResultTarget t)
    {
        Expr(t.Expr);
        if (t.Alias is not null)
        {
            Append(" AS ");
            Ident(t.Alias);
        }
    }

    private void Alias(TableAlias? a)
    {
        if (a is null)
        {
            return;
        }

        Append(" AS ");
        Ident(a.Name);
        if (a.Columns.Count > 0)
        {
            ParenIdentList(a.Columns);
        }
    }

    private void TableRef(TableRef r)
    {
        switch (r)
        {
            case RelationRef rel:
                if (rel.Only)
                {
                    Append("ONLY ");
                }

                Name(rel.Name);
                Alias(rel.Alias);
                break;
            case SubqueryRef s:
                if (s.Lateral)
                {
                    Append("LATERAL ");
                }

                Append('(');
                Select(s.Query);
                Append(')');
                Alias(s.Alias);
                break;
            case FunctionRef f:
                FunctionRef(f);
                break;
            case JoinRef j:
                Join(j);
                break;
        }
    }

    private void FunctionRef(FunctionRef f)
    {
        if (f.Lateral)
        {
            Append("LATERAL ");
        }

        if (f.RowsFrom)
        {
            Append("ROWS FROM (");
            ExprList(f.Functions);
            Append(')');
        }
        else
        {
            Expr(f.Functions[0]);
        }

        if (f.WithOrdinality)
        {
            Append(" WITH ORDINALITY");
        }

        if (f.ColumnDefinitions.Count > 0)
        {
            Append(" AS ");
            if (f.Alias is not null)
            {
                Ident(f.Alias.Name);
            }

            Append('(');
            List(f.ColumnDefinitions, d =>
            {
                Ident(d.Name);
                Append(' ');
                Type(d.Type);
            });
            Append(')');
        }
        else
        {
            Alias(f.Alias);
        }
    }

    private void Join(JoinRef j)
    {
        if (j.Alias is not null)
        {
            Append('(');
        }

        TableRef(j.Left);
        if (j.Natural)
        {
            Append(" NATURAL");
        }

        Append(j.Kind switch
        {
            JoinKind.Inner => j.Natural ? " JOIN " : " INNER JOIN ",
            JoinKind.Left => " LEFT JOIN ",
            JoinKind.Right => " RIGHT JOIN ",
            JoinKind.Full => " FULL JOIN ",
            _ => " CROSS JOIN ",
        });
        if (j.Right is JoinRef { Alias: null })
        {
            Append('(');
            TableRef(j.Right);
            Append(')');
        }
        else
        {
            TableRef(j.Right);
        }

        if (j.On is not null)
        {
            Append(" ON ");
            Expr(j.On);
        }
        else if (j.Using.Count > 0)
        {
            Append(" USING ");
            ParenIdentList(j.Using);
            if (j.UsingAlias is not null)
            {
                Append(" AS ");
                Ident(j.UsingAlias);
            }
        }

        if (j.Alias is not null)
        {
            Append(')');
            Alias(j.Alias);
        }
    }

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
