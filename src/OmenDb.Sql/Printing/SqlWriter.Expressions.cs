using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;
using P = OmenDb.Sql.Parsing.Parser.Prec;

namespace OmenDb.Sql.Printing;

/// <summary>Expressions, parenthesised by the parser's own precedence table.</summary>
internal sealed partial class SqlWriter
{
    /// <summary>Atoms bind tighter than anything.</summary>
    private const int Atom = 100;

    private static int BinaryPrecedence(string op) => op switch
    {
        "<" or ">" or "=" or "<=" or ">=" or "<>" => P.Comparison,
        "+" or "-" => P.Additive,
        "*" or "/" or "%" => P.Multiplicative,
        "^" => P.Exponent,
        _ => P.Op,
    };

    /// <summary>The precedence at which an expression's top-level operator binds.</summary>
    private static int Precedence(Expr e) => e switch
    {
        OrExpr => P.Or,
        AndExpr => P.And,
        NotExpr => P.Not,
        IsNullExpr or IsBoolExpr or IsDistinctFromExpr => P.Is,
        BinaryExpr b => b.ExplicitOperator ? P.Op : BinaryPrecedence(b.Op),
        QuantifiedArrayExpr q => q.ExplicitOperator ? P.Op : BinaryPrecedence(q.Op),
        QuantifiedSubqueryExpr q => q.ExplicitOperator ? P.Op : BinaryPrecedence(q.Op),
        BetweenExpr or InListExpr or InSubqueryExpr or LikeExpr => P.Like,
        FunctionCall { Syntax: FunctionSyntax.AtTimeZone } => P.AtTimeZone,
        CollateExpr => P.Collate,
        UnaryExpr u => u.Op is "-" or "+" ? P.UnaryMinus : P.Op,
        IntegerLiteral i when i.Text.StartsWith('-') => P.UnaryMinus,
        NumericLiteral n when n.Text.StartsWith('-') => P.UnaryMinus,
        SubscriptExpr => P.Subscript,
        CastExpr { Syntax: CastSyntax.DoubleColon } => P.TypeCast,
        _ => Atom,
    };

    /// <summary>Prints <paramref name="e"/>, in parentheses when its precedence is below <paramref name="min"/>.</summary>
    private void Expr(Expr e, int min = 0)
    {
        if (Precedence(e) < min)
        {
            Append('(');
            Expr(e);
            Append(')');
            return;
        }

        switch (e)
        {
            case ColumnRef c:
                Names(c.Parts);
                break;
            case StarExpr s:
                if (s.Qualifier.Count > 0)
                {
                    Names(s.Qualifier);
                    Append('.');
                }

                Append('*');
                break;
            case IntegerLiteral i:
                Append(i.Text);
                break;
            case NumericLiteral n:
                Append(n.Text);
                break;
            case StringLiteral s:
                String(s.Value);
                break;
            case BitStringLiteral b:
                Append(b.IsHex ? "X'" : "B'").Append(b.Text).Append('\'');
                break;
            case BooleanLiteral b:
                Append(b.Value ? "TRUE" : "FALSE");
                break;
            case NullLiteral:
                Append("NULL");
                break;
            case DefaultExpr:
                Append("DEFAULT");
                break;
            case ParameterRef param:
                Append('$').Append(param.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case UnaryExpr u:
                Prefix(u.ExplicitOperator ? ExplicitOp(u.OpSchema, u.Op) : u.Op, u.Operand,
                    u.Op is "-" or "+" && !u.ExplicitOperator ? P.UnaryMinus : P.Op);
                break;
            case NotExpr n:
                Append("NOT ");
                Expr(n.Operand, P.Not);
                break;
            case BinaryExpr b:
                Binary(b.Left, b.ExplicitOperator ? ExplicitOp(b.OpSchema, b.Op) : b.Op, b.Right, Precedence(b));
                break;
            case AndExpr a:
                Flat(a.Operands, " AND ", P.And);
                break;
            case OrExpr o:
                Flat(o.Operands, " OR ", P.Or);
                break;
            case IsNullExpr n:
                Expr(n.Operand, P.Is);
                Append(n.Negated ? " IS NOT NULL" : " IS NULL");
                break;
            case IsBoolExpr b:
                Expr(b.Operand, P.Is);
                Append(b.Negated ? " IS NOT " : " IS ").Append(b.Test switch
                {
                    BoolTestKind.True => "TRUE",
                    BoolTestKind.False => "FALSE",
                    _ => "UNKNOWN",
                });
                break;
            case IsDistinctFromExpr d:
                Expr(d.Left, P.Is);
                Append(d.Negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
                Expr(d.Right, P.Is + 1);
                break;
            case BetweenExpr b:
                Expr(b.Operand, P.Like + 1);
                Append(b.Negated ? " NOT BETWEEN " : " BETWEEN ");
                if (b.Symmetric)
                {
                    Append("SYMMETRIC ");
                }

                Expr(b.Low, P.Like + 1);
                Append(" AND ");
                Expr(b.High, P.Like + 1);
                break;
            case InListExpr l:
                Expr(l.Operand, P.Like + 1);
                Append(l.Negated ? " NOT IN (" : " IN (");
                ExprList(l.Items);
                Append(')');
                break;
            case InSubqueryExpr s:
                Expr(s.Operand, P.Like + 1);
                Append(s.Negated ? " NOT IN (" : " IN (");
                Statement(s.Subquery);
                Append(')');
                break;
            case QuantifiedArrayExpr q:
                Quantified(q.Left, q.ExplicitOperator ? ExplicitOp(q.OpSchema, q.Op) : q.Op, q.Quantifier, Precedence(q));
                Expr(q.Array);
                Append(')');
                break;
            case QuantifiedSubqueryExpr q:
                Quantified(q.Left, q.ExplicitOperator ? ExplicitOp(q.OpSchema, q.Op) : q.Op, q.Quantifier, Precedence(q));
                Statement(q.Subquery);
                Append(')');
                break;
            case LikeExpr l:
                Expr(l.Operand, P.Like + 1);
                Append(l.Negated ? " NOT " : " ").Append(l.Kind switch
                {
                    LikeKind.Like => "LIKE ",
                    LikeKind.ILike => "ILIKE ",
                    _ => "SIMILAR TO ",
                });
                Expr(l.Pattern, P.Escape + 1);
                if (l.Escape is not null)
                {
                    Append(" ESCAPE ");
                    Expr(l.Escape, P.Escape + 1);
                }

                break;
            case CollateExpr c:
                Expr(c.Operand, P.Collate);
                Append(" COLLATE ");
                Name(c.Collation);
                break;
            case CastExpr c:
                Cast(c);
                break;
            case CaseExpr c:
                Case(c);
                break;
            case CoalesceExpr c:
                Append("COALESCE(");
                ExprList(c.Args);
                Append(')');
                break;
            case NullIfExpr n:
                Append("NULLIF(");
                Expr(n.Left);
                Append(", ");
                Expr(n.Right);
                Append(')');
                break;
            case MinMaxExpr m:
                Append(m.IsGreatest ? "GREATEST(" : "LEAST(");
                ExprList(m.Args);
                Append(')');
                break;
            case ArrayExpr a:
                Append(a.IsBare ? "[" : "ARRAY[");
                ExprList(a.Elements);
                Append(']');
                break;
            case ArraySubqueryExpr a:
                Append("ARRAY(");
                Statement(a.Query);
                Append(')');
                break;
            case RowExpr r:
                Append(r.ExplicitRow || r.Fields.Count < 2 ? "ROW(" : "(");
                ExprList(r.Fields);
                Append(')');
                break;
            case SubqueryExpr s:
                Append('(');
                Statement(s.Query);
                Append(')');
                break;
            case ExistsExpr x:
                Append("EXISTS (");
                Statement(x.Query);
                Append(')');
                break;
            case SubscriptExpr s:
                Expr(s.Operand, s.Operand is SubscriptExpr ? P.Subscript : Atom);
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
                Append('(');
                Expr(f.Operand);
                Append(").");
                if (f.Field is null)
                {
                    Append('*');
                }
                else
                {
                    Ident(f.Field);
                }

                break;
            case SqlValueFunction v:
                Append(v.Keyword.ToUpperInvariant());
                if (v.Precision is { } p)
                {
                    Append('(').Append(p.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(')');
                }

                break;
            case FunctionCall f:
                Function(f);
                break;
            case NamedArgExpr n:
                Ident(n.Name);
                Append(" => ");
                Expr(n.Value);
                break;
            case GroupingSetExpr g:
                Append(g.Kind switch
                {
                    GroupingSetKind.Empty => "(",
                    GroupingSetKind.Rollup => "ROLLUP (",
                    GroupingSetKind.Cube => "CUBE (",
                    _ => "GROUPING SETS (",
                });
                ExprList(g.Items);
                Append(')');
                break;
            default:
                throw new ArgumentException($"no printer for {e.GetType().Name}", nameof(e));
        }
    }

    private static string ExplicitOp(string? schema, string op) =>
        schema is null ? $"OPERATOR({op})" : $"OPERATOR({QuoteIdent(schema)}.{op})";

    private void Prefix(string op, Expr operand, int prec)
    {
        Append(op);
        var mark = _sb.Length;
        Expr(operand, prec);

        // "- -x", "@ -x": a following operator character would merge into this operator (or start a comment).
        if (mark < _sb.Length && (Lexer.IsOpChar(_sb[mark]) || char.IsAsciiLetter(op[^1])))
        {
            _sb.Insert(mark, ' ');
        }
    }

    private void Binary(Expr left, string op, Expr right, int prec)
    {
        // Comparisons are non-associative: both sides must bind tighter. The others are left-associative.
        Expr(left, prec == P.Comparison ? prec + 1 : prec);
        Append(' ').Append(op).Append(' ');
        Expr(right, prec + 1);
    }

    private void Quantified(Expr left, string op, Quantifier q, int prec)
    {
        Expr(left, prec == P.Comparison ? prec + 1 : prec);
        Append(' ').Append(op).Append(q == Quantifier.All ? " ALL (" : " ANY (");
    }

    private void Flat(IReadOnlyList<Expr> operands, string separator, int prec)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                Append(separator);
            }

            // The parser flattens left-nested chains only, so a nested chain on the right keeps its parentheses.
            Expr(operands[i], i == 0 ? prec : prec + 1);
        }
    }

    private void Cast(CastExpr c)
    {
        switch (c.Syntax)
        {
            case CastSyntax.Cast:
                Append("CAST(");
                Expr(c.Operand);
                Append(" AS ");
                Type(c.Type);
                Append(')');
                break;
            case CastSyntax.DoubleColon:
                Expr(c.Operand, P.TypeCast + 1);
                Append("::");
                Type(c.Type);
                break;
            default:
                if (c.Operand is not StringLiteral s || c.Type.ArrayBounds.Count > 0)
                {
                    Cast(c with { Syntax = CastSyntax.Cast });
                    return;
                }

                if (c.Type.Name == "interval" && c.Type.Names.Count == 1)
                {
                    Append("INTERVAL ");
                    if (c.Type.IntervalFields == IntervalFields.None && c.Type.Modifiers.Count > 0)
                    {
                        Append('(');
                        ExprList(c.Type.Modifiers);
                        Append(") ");
                    }

                    String(s.Value);
                    Append(IntervalFieldsText(c.Type.IntervalFields, c.Type.Modifiers));
                    return;
                }

                TypeWithoutInterval(c.Type, withModifiers: true);
                Append(' ');
                String(s.Value);
                break;
        }
    }

    private void Case(CaseExpr c)
    {
        Append("CASE");
        if (c.Operand is not null)
        {
            Append(' ');
            Expr(c.Operand);
        }

        foreach (var w in c.Whens)
        {
            Append(" WHEN ");
            Expr(w.Condition);
            Append(" THEN ");
            Expr(w.Result);
        }

        if (c.Else is not null)
        {
            Append(" ELSE ");
            Expr(c.Else);
        }

        Append(" END");
    }
}
