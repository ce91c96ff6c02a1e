using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>
/// SQL-standard function syntax (gram.y func_expr_common_subexpr) mapped to function calls the way PostgreSQL 15 does.
/// </summary>
internal sealed partial class Parser
{
    private Expr ParseSpecialFunction(Token t)
    {
        var start = t.Start;
        Advance();
        Expect(TokenKind.LParen);
        Expr result;
        switch (t.Text)
        {
            case "coalesce":
                result = new CoalesceExpr(ParseExprList()) { Position = start };
                break;
            case "greatest":
                result = new MinMaxExpr(true, ParseExprList()) { Position = start };
                break;
            case "least":
                result = new MinMaxExpr(false, ParseExprList()) { Position = start };
                break;
            case "nullif":
            {
                var a = ParseExpr();
                Expect(TokenKind.Comma);
                var b = ParseExpr();
                result = new NullIfExpr(a, b) { Position = start };
                break;
            }

            case "grouping":
                result = new FunctionCall(new QualifiedName(["grouping"]) { Position = start }, ParseExprList()) { Position = start };
                break;
            case "extract":
                result = ParseExtract(start);
                break;
            case "position":
            {
                var needle = ParseExpr(Prec.Like);
                Expect("in");
                var haystack = ParseExpr(Prec.Like);
                result = new FunctionCall(SystemName("position", start), [haystack, needle])
                {
                    Position = start,
                    Syntax = FunctionSyntax.Position,
                };
                break;
            }

            case "substring":
                result = ParseSubstring(start);
                break;
            case "trim":
                result = ParseTrim(start);
                break;
            case "overlay":
                result = ParseOverlay(start);
                break;
            default:
                result = ParseNormalize(start);
                break;
        }

        Expect(TokenKind.RParen);
        return result;
    }

    private Expr ParseExtract(int start)
    {
        var f = Current;
        string field;
        if (f.Kind == TokenKind.String)
        {
            field = Advance().Text;
        }
        else if (f.Kind == TokenKind.Identifier && (f.Keyword == KeywordCategory.None || f.Is("year") || f.Is("month") || f.Is("day")
                     || f.Is("hour") || f.Is("minute") || f.Is("second")))
        {
            field = Advance().Text;
        }
        else
        {
            return Fail<Expr>();
        }

        Expect("from");
        var source = ParseExpr();
        return new FunctionCall(SystemName("extract", start), [new StringLiteral(field) { Position = f.Start }, source])
        {
            Position = start,
            Syntax = FunctionSyntax.Extract,
        };
    }

    private Expr ParseSubstring(int start)
    {
        if (Current.Kind == TokenKind.RParen)
        {
            return new FunctionCall(new QualifiedName(["substring"]) { Position = start }, []) { Position = start };
        }

        var first = ParseExpr();
        if (Accept("similar"))
        {
            var pattern = ParseExpr();
            Expect("escape");
            var escape = ParseExpr();
            return new FunctionCall(SystemName("substring", start), [first, pattern, escape])
            {
                Position = start,
                Syntax = FunctionSyntax.SubstringSimilar,
            };
        }

        if (At("from") || At("for"))
        {
            Expr? from = null;
            Expr? count = null;
            if (Accept("from"))
            {
                from = ParseExpr();
                if (Accept("for"))
                {
                    count = ParseExpr();
                }
            }
            else
            {
                Expect("for");
                count = ParseExpr();
                if (Accept("from"))
                {
                    from = ParseExpr();
                }
            }

            Expr[] args = count is null
                ? [first, from!]
                : [first, from ?? new IntegerLiteral("1", 1) { Position = start }, count];
            return new FunctionCall(SystemName("substring", start), args) { Position = start, Syntax = FunctionSyntax.Substring };
        }

        var list = new List<Expr> { first };
        while (Accept(TokenKind.Comma))
        {
            list.Add(ParseExpr());
        }

        return new FunctionCall(new QualifiedName(["substring"]) { Position = start }, list.ToArray()) { Position = start };
    }

    private Expr ParseTrim(int start)
    {
        var (name, syntax) = ("btrim", FunctionSyntax.TrimBoth);
        if (Accept("both"))
        {
        }
        else if (Accept("leading"))
        {
            (name, syntax) = ("ltrim", FunctionSyntax.TrimLeading);
        }
        else if (Accept("trailing"))
        {
            (name, syntax) = ("rtrim", FunctionSyntax.TrimTrailing);
        }

        Expr[] args;
        if (Accept("from"))
        {
            args = ParseExprList();
        }
        else
        {
            var first = ParseExpr();
            if (Accept("from"))
            {
                var rest = ParseExprList();
                args = [.. rest, first];
            }
            else
            {
                var list = new List<Expr> { first };
                while (Accept(TokenKind.Comma))
                {
                    list.Add(ParseExpr());
                }

                args = list.ToArray();
            }
        }

        return new FunctionCall(SystemName(name, start), args) { Position = start, Syntax = syntax };
    }

    private Expr ParseOverlay(int start)
    {
        if (Current.Kind == TokenKind.RParen)
        {
            return new FunctionCall(new QualifiedName(["overlay"]) { Position = start }, []) { Position = start };
        }

        var first = ParseExpr();
        if (Accept("placing"))
        {
            var replacement = ParseExpr();
            Expect("from");
            var from = ParseExpr();
            Expr[] args = Accept("for") ? [first, replacement, from, ParseExpr()] : [first, replacement, from];
            return new FunctionCall(SystemName("overlay", start), args) { Position = start, Syntax = FunctionSyntax.Overlay };
        }

        var list = new List<Expr> { first };
        while (Accept(TokenKind.Comma))
        {
            list.Add(ParseExpr());
        }

        return new FunctionCall(new QualifiedName(["overlay"]) { Position = start }, list.ToArray()) { Position = start };
    }

    private Expr ParseNormalize(int start)
    {
        var arg = ParseExpr();
        if (Accept(TokenKind.Comma))
        {
            var form = Current;
            if (!(form.Is("nfc") || form.Is("nfd") || form.Is("nfkc") || form.Is("nfkd")))
            {
                Fail();
            }

            Advance();
            var formText = new StringLiteral(form.Text.ToUpperInvariant()) { Position = form.Start };
            return new FunctionCall(SystemName("normalize", start), [arg, formText]) { Position = start };
        }

        return new FunctionCall(SystemName("normalize", start), [arg]) { Position = start };
    }
}
