using OmenDb.Sql.Ast;
using P = OmenDb.Sql.Parsing.Parser.Prec;

namespace OmenDb.Sql.Printing;

/// <summary>Function calls (including the SQL-standard spellings), windows and sort items.</summary>
internal sealed partial class SqlWriter
{
    private void Function(FunctionCall f)
    {
        var a = f.Args;
        switch (f.Syntax)
        {
            case FunctionSyntax.AtTimeZone when a.Count == 2:
                Expr(a[1], P.AtTimeZone);
                Append(" AT TIME ZONE ");
                Expr(a[0], P.AtTimeZone + 1);
                return;
            case FunctionSyntax.Extract when a.Count == 2 && a[0] is StringLiteral field:
                Append("EXTRACT(");
                if (IsPlainWord(field.Value) && (OmenDb.Sql.Lexing.Keywords.Lookup(field.Value) == OmenDb.Sql.Lexing.KeywordCategory.None
                    || field.Value is "year" or "month" or "day" or "hour" or "minute" or "second"))
                {
                    Append(field.Value);
                }
                else
                {
                    String(field.Value);
                }

                Append(" FROM ");
                Expr(a[1]);
                Append(')');
                return;
            case FunctionSyntax.Overlaps when a.Count == 4:
                Append('(');
                Expr(a[0]);
                Append(", ");
                Expr(a[1]);
                Append(") OVERLAPS (");
                Expr(a[2]);
                Append(", ");
                Expr(a[3]);
                Append(')');
                return;
            case FunctionSyntax.Position when a.Count == 2:
                Append("POSITION(");
                Expr(a[1], P.Like + 1);
                Append(" IN ");
                Expr(a[0], P.Like + 1);
                Append(')');
                return;
            case FunctionSyntax.Substring when a.Count is 2 or 3:
                Append("SUBSTRING(");
                Expr(a[0]);
                Append(" FROM ");
                Expr(a[1]);
                if (a.Count == 3)
                {
                    Append(" FOR ");
                    Expr(a[2]);
                }

                Append(')');
                return;
            case FunctionSyntax.SubstringSimilar when a.Count == 3:
                Append("SUBSTRING(");
                Expr(a[0]);
                Append(" SIMILAR ");
                Expr(a[1]);
                Append(" ESCAPE ");
                Expr(a[2]);
                Append(')');
                return;
            case FunctionSyntax.TrimBoth or FunctionSyntax.TrimLeading or FunctionSyntax.TrimTrailing when a.Count > 0:
                Append(f.Syntax switch
                {
                    FunctionSyntax.TrimBoth => "TRIM(BOTH ",
                    FunctionSyntax.TrimLeading => "TRIM(LEADING ",
                    _ => "TRIM(TRAILING ",
                });
                if (a.Count == 2)
                {
                    Expr(a[1]);
                    Append(" FROM ");
                    Expr(a[0]);
                }
                else
                {
                    Append("FROM ");
                    ExprList(a);
                }

                Append(')');
                return;
            case FunctionSyntax.Overlay when a.Count is 3 or 4:
                Append("OVERLAY(");
                Expr(a[0]);
                Append(" PLACING ");
                Expr(a[1]);
                Append(" FROM ");
                Expr(a[2]);
                if (a.Count == 4)
                {
                    Append(" FOR ");
                    Expr(a[3]);
                }

                Append(')');
                return;
        }

        Name(f.Name);
        Append('(');
        if (f.Star)
        {
            Append('*');
        }
        else
        {
            if (f.Distinct)
            {
                Append("DISTINCT ");
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (i > 0)
                {
                    Append(", ");
                }

                if (f.VariadicLast && i == a.Count - 1)
                {
                    Append("VARIADIC ");
                }

                Expr(a[i]);
            }

            if (f.OrderBy.Count > 0 && !f.WithinGroup)
            {
                Append(" ORDER BY ");
                SortList(f.OrderBy);
            }
        }

        Append(')');
        if (f.WithinGroup)
        {
            Append(" WITHIN GROUP (ORDER BY ");
            SortList(f.OrderBy);
            Append(')');
        }

        if (f.Filter is not null)
        {
            Append(" FILTER (WHERE ");
            Expr(f.Filter);
            Append(')');
        }

        if (f.Over is not null)
        {
            Append(" OVER ");
            WindowSpec(f.Over);
        }
    }

    private static bool IsPlainWord(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetterLower(s[0]) || s[0] == '_'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private void WindowSpec(WindowSpec w)
    {
        if (w.IsBareName && w.RefName is not null)
        {
            Ident(w.RefName);
            return;
        }

        Append('(');
        var space = false;
        if (w.RefName is not null)
        {
            Ident(w.RefName);
            space = true;
        }

        if (w.PartitionBy.Count > 0)
        {
            Append(space ? " PARTITION BY " : "PARTITION BY ");
            ExprList(w.PartitionBy);
            space = true;
        }

        if (w.OrderBy.Count > 0)
        {
            Append(space ? " ORDER BY " : "ORDER BY ");
            SortList(w.OrderBy);
            space = true;
        }

        if (w.Frame is { } f)
        {
            if (space)
            {
                Append(' ');
            }

            Append(f.Mode switch
            {
                FrameMode.Rows => "ROWS ",
                FrameMode.Range => "RANGE ",
                _ => "GROUPS ",
            });
            if (f.End is null)
            {
                FrameBound(f.Start);
            }
            else
            {
                Append("BETWEEN ");
                FrameBound(f.Start);
                Append(" AND ");
                FrameBound(f.End);
            }

            Append(f.Exclusion switch
            {
                FrameExclusion.CurrentRow => " EXCLUDE CURRENT ROW",
                FrameExclusion.Group => " EXCLUDE GROUP",
                FrameExclusion.Ties => " EXCLUDE TIES",
                FrameExclusion.NoOthers => " EXCLUDE NO OTHERS",
                _ => "",
            });
        }

        Append(')');
    }

    private void FrameBound(FrameBound b)
    {
        switch (b.Kind)
        {
            case FrameBoundKind.UnboundedPreceding:
                Append("UNBOUNDED PRECEDING");
                break;
            case FrameBoundKind.UnboundedFollowing:
                Append("UNBOUNDED FOLLOWING");
                break;
            case FrameBoundKind.CurrentRow:
                Append("CURRENT ROW");
                break;
            default:
                Expr(b.Offset!, P.Like + 1);
                Append(b.Kind == FrameBoundKind.Preceding ? " PRECEDING" : " FOLLOWING");
                break;
        }
    }

    private void SortList(IReadOnlyList<SortItem> items) => List(items, Sort);

    private void Sort(SortItem s)
    {
        Expr(s.Expr);
        Append(s.Direction switch
        {
            SortDirection.Asc => " ASC",
            SortDirection.Desc => " DESC",
            SortDirection.Using => " USING " + s.UsingOp,
            _ => "",
        });
        Append(s.Nulls switch
        {
            NullsOrder.First => " NULLS FIRST",
            NullsOrder.Last => " NULLS LAST",
            _ => "",
        });
    }
}
