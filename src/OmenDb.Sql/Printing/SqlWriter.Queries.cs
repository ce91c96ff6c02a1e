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
}
