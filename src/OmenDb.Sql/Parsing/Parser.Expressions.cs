using System.Globalization;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>
/// Pratt expression parser with gram.y's precedence table (lowest first):
/// OR &lt; AND &lt; NOT &lt; IS/ISNULL/NOTNULL &lt; comparisons (non-associative) &lt; BETWEEN/IN/LIKE/ILIKE/SIMILAR
/// &lt; ESCAPE &lt; generic operators &lt; + - &lt; * / % &lt; ^ &lt; AT TIME ZONE &lt; COLLATE &lt; unary minus &lt; [ ] &lt; :: .
/// </summary>
internal sealed partial class Parser
{
    /// <summary>Binding powers, higher binds tighter.</summary>
    internal static class Prec
    {
        public const int Lowest = 0;
        public const int Or = 1;
        public const int And = 2;
        public const int Not = 3;
        public const int Is = 4;
        public const int Comparison = 5;
        public const int Like = 6;
        public const int Escape = 7;
        public const int Op = 8;
        public const int Additive = 9;
        public const int Multiplicative = 10;
        public const int Exponent = 11;
        public const int AtTimeZone = 12;
        public const int Collate = 13;
        public const int UnaryMinus = 14;
        public const int Subscript = 15;
        public const int TypeCast = 16;
    }

    /// <summary>Parses a full a_expr.</summary>
    private Expr ParseExpr() => ParseExpr(Prec.Lowest);

    private Expr ParseExpr(int minPrec)
    {
        Enter();
        try
        {
            var left = ParsePrefix();
            var chain = 0;
            while (true)
            {
                var next = ParseInfix(left, minPrec);
                if (next is null)
                {
                    return left;
                }

                // A left-deep chain (a + b + c ...) nests as deeply as parentheses do for whoever walks the tree.
                if (next is not (AndExpr or OrExpr) && ++chain + _depth > MaxDepth)
                {
                    SqlErrors.TooDeep();
                }

                left = next;
            }
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Precedence of an operator token as an infix operator.</summary>
    private static int OperatorPrecedence(string op) => op switch
    {
        "<" or ">" or "=" or "<=" or ">=" or "<>" or "!=" => Prec.Comparison,
        "+" or "-" => Prec.Additive,
        "*" or "/" or "%" => Prec.Multiplicative,
        "^" => Prec.Exponent,
        _ => Prec.Op,
    };

    private Expr ParsePrefix()
    {
        var t = Current;
        if (t.Is("not"))
        {
            Advance();
            var operand = ParseExpr(Prec.Not);
            return new NotExpr(operand) { Position = t.Start };
        }

        if (t.Kind == TokenKind.Operator)
        {
            Advance();
            if (t.Text is "-" or "+")
            {
                var operand = ParseExpr(Prec.UnaryMinus);
                return t.Text == "-" ? Negate(operand, t.Start) : new UnaryExpr("+", operand) { Position = t.Start };
            }

            var op = t.Text == "!=" ? "<>" : t.Text;
            var arg = ParseExpr(Prec.Op);
            return new UnaryExpr(op, arg) { Position = t.Start };
        }

        if (t.Is("operator") && Peek(1).Kind == TokenKind.LParen)
        {
            var (schema, op) = ParseQualifiedOperator();
            var arg = ParseExpr(Prec.Op);
            return new UnaryExpr(op, arg) { Position = t.Start, OpSchema = schema, ExplicitOperator = true };
        }

        return ParsePrimaryWithIndirection();
    }

    /// <summary>Unary minus folds into numeric constants as PostgreSQL's doNegate does.</summary>
    private static Expr Negate(Expr operand, int position)
    {
        switch (operand)
        {
            case IntegerLiteral i when !i.Text.StartsWith('-'):
                return new IntegerLiteral("-" + i.Text, -i.Value) { Position = position };
            case NumericLiteral n when !n.Text.StartsWith('-'):
                var text = "-" + n.Text;
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                {
                    return new IntegerLiteral(text, v) { Position = position };
                }

                return new NumericLiteral(text) { Position = position };
            default:
                return new UnaryExpr("-", operand) { Position = position };
        }
    }

    /// <summary>OPERATOR ( [schema .]* op ): returns the schema (last qualifier) and operator text.</summary>
    private (string? Schema, string Op) ParseQualifiedOperator()
    {
        Expect("operator");
        Expect(TokenKind.LParen);
        string? schema = null;
        while (IsColId(Current) && Peek(1).Kind == TokenKind.Dot)
        {
            schema = Advance().Text;
            Advance();
        }

        if (Current.Kind != TokenKind.Operator)
        {
            Fail();
        }

        var op = Advance().Text;
        Expect(TokenKind.RParen);
        return (schema, op == "!=" ? "<>" : op);
    }

    /// <summary>Tries one infix/postfix step at or above <paramref name="minPrec"/>; null when the expression ends here.</summary>
    private Expr? ParseInfix(Expr left, int minPrec)
    {
        var t = Current;
        var pos = left.Position;
        switch (t.Kind)
        {
            case TokenKind.Operator:
            {
                var prec = OperatorPrecedence(t.Text);
                if (prec <= minPrec)
                {
                    return null;
                }

                Advance();
                var op = t.Text == "!=" ? "<>" : t.Text;
                if (At("any") || At("some") || At("all"))
                {
                    return ParseQuantified(left, op, null, false, pos, t.Start);
                }

                var right = ParseExpr(prec);
                if (prec == Prec.Comparison && Current.Kind == TokenKind.Operator && OperatorPrecedence(Current.Text) == Prec.Comparison)
                {
                    Fail(); // comparison operators are non-associative
                }

                return new BinaryExpr(left, op, right) { Position = pos, OperatorPosition = t.Start };
            }

            case TokenKind.DoubleColon:
            {
                if (Prec.TypeCast <= minPrec)
                {
                    return null;
                }

                Advance();
                var type = ParseTypeName();
                return new CastExpr(left, type, CastSyntax.DoubleColon) { Position = pos, OperatorPosition = t.Start };
            }

            case TokenKind.LBracket:
                return Prec.Subscript <= minPrec ? null : ParseFieldSelections(ParseSubscript(left));

            case TokenKind.Identifier:
                return ParseKeywordInfix(left, t, minPrec);

            default:
                return null;
        }
    }

    private Expr? ParseKeywordInfix(Expr left, Token t, int minPrec)
    {
        var pos = left.Position;
        switch (t.Text)
        {
            case "or" when Prec.Or > minPrec:
                return ParseBoolChain(left, "or", Prec.Or);

            case "and" when Prec.And > minPrec:
                return ParseBoolChain(left, "and", Prec.And);

            case "is" when Prec.Is > minPrec && IsIsContinuation(Peek(1)):
                Advance();
                return ParseIsTail(left);

            case "isnull" when Prec.Is > minPrec:
                Advance();
                return new IsNullExpr(left, false) { Position = pos };

            case "notnull" when Prec.Is > minPrec:
                Advance();
                return new IsNullExpr(left, true) { Position = pos };

            case "not" when Prec.Like > minPrec:
            {
                var n = Peek(1);
                if (!(n.Is("between") || n.Is("in") || n.Is("like") || n.Is("ilike") || (n.Is("similar") && Peek(2).Is("to"))))
                {
                    return null;
                }

                Advance();
                return ParseLikeFamily(left, true, t.Start);
            }

            case "between" or "in" or "like" or "ilike" or "similar" when Prec.Like > minPrec:
                return t.Text == "similar" && !Peek(1).Is("to") ? null : ParseLikeFamily(left, false, t.Start);

            case "operator" when Prec.Op > minPrec && Peek(1).Kind == TokenKind.LParen:
            {
                var (schema, op) = ParseQualifiedOperator();
                if (At("any") || At("some") || At("all"))
                {
                    return ParseQuantified(left, op, schema, true, pos, t.Start);
                }

                var right = ParseExpr(Prec.Op);
                return new BinaryExpr(left, op, right) { Position = pos, OpSchema = schema, ExplicitOperator = true, OperatorPosition = t.Start };
            }

            case "at" when Prec.AtTimeZone > minPrec && Peek(1).Is("time") && Peek(2).Is("zone"):
            {
                Advance();
                Advance();
                Advance();
                var zone = ParseExpr(Prec.AtTimeZone);
                return new FunctionCall(SystemName("timezone", pos), [zone, left]) { Position = pos, Syntax = FunctionSyntax.AtTimeZone };
            }

            case "collate" when Prec.Collate > minPrec:
            {
                Advance();
                var name = ParseQualifiedName();
                return new CollateExpr(left, name) { Position = pos };
            }

            default:
                return null;
        }
    }

    /// <summary>a AND b AND c (or OR) collected into one flat node in a single pass.</summary>
    private Expr ParseBoolChain(Expr left, string keyword, int prec)
    {
        var operands = new List<Expr>();
        if (keyword == "and" && left is AndExpr a)
        {
            operands.AddRange(a.Operands);
        }
        else if (keyword == "or" && left is OrExpr o)
        {
            operands.AddRange(o.Operands);
        }
        else
        {
            operands.Add(left);
        }

        while (At(keyword))
        {
            Advance();
            operands.Add(ParseExpr(prec));
        }

        return keyword == "and"
            ? new AndExpr(operands.ToArray()) { Position = left.Position }
            : new OrExpr(operands.ToArray()) { Position = left.Position };
    }

    /// <summary>IS is an operator only when a test follows; otherwise (SELECT 1 IS) it is a bare column label.</summary>
    private static bool IsIsContinuation(Token t) =>
        t.Is("not") || t.Is("null") || t.Is("true") || t.Is("false") || t.Is("unknown") || t.Is("distinct") || t.Is("document")
        || t.Is("normalized") || t.Is("json");

    private static QualifiedName SystemName(string name, int position) => new(["pg_catalog", name]) { Position = position };

    /// <summary>After IS: [NOT] NULL | TRUE | FALSE | UNKNOWN | DISTINCT FROM x | DOCUMENT | NORMALIZED.</summary>
    private Expr ParseIsTail(Expr left)
    {
        var pos = left.Position;
        var negated = Accept("not");
        var t = Current;
        switch (t.Text)
        {
            case "null" when t.Kind == TokenKind.Identifier:
                Advance();
                return new IsNullExpr(left, negated) { Position = pos };
            case "true" when t.Kind == TokenKind.Identifier:
                Advance();
                return new IsBoolExpr(left, BoolTestKind.True, negated) { Position = pos };
            case "false" when t.Kind == TokenKind.Identifier:
                Advance();
                return new IsBoolExpr(left, BoolTestKind.False, negated) { Position = pos };
            case "unknown" when t.Kind == TokenKind.Identifier:
                Advance();
                return new IsBoolExpr(left, BoolTestKind.Unknown, negated) { Position = pos };
            case "distinct" when t.Kind == TokenKind.Identifier:
            {
                Advance();
                Expect("from");
                var right = ParseExpr(Prec.Is);
                return new IsDistinctFromExpr(left, right, negated) { Position = pos };
            }

            default:
                return Fail<Expr>();
        }
    }

    /// <summary>[NOT] BETWEEN / IN / LIKE / ILIKE / SIMILAR TO (the NOT already consumed when negated, at <paramref name="opStart"/>).</summary>
    private Expr ParseLikeFamily(Expr left, bool negated, int opStart)
    {
        var pos = left.Position;
        var t = Advance();
        switch (t.Text)
        {
            case "between":
            {
                var symmetric = Accept("symmetric");
                if (!symmetric)
                {
                    Accept("asymmetric");
                }

                var low = ParseExpr(Prec.Like);
                Expect("and");
                var high = ParseExpr(Prec.Like);
                return new BetweenExpr(left, low, high, negated, symmetric) { Position = pos };
            }

            case "in":
            {
                if (Current.Kind != TokenKind.LParen)
                {
                    Fail();
                }

                if (LooksLikeQuery(1))
                {
                    var saved = _index;
                    var sub = TryParse(() => ParseSelectWithParens());
                    if (sub is not null)
                    {
                        // PostgreSQL places an IN sublink at its operator ([NOT] IN), not at the left operand.
                        return new InSubqueryExpr(left, sub, negated) { Position = opStart };
                    }

                    _index = saved;
                }

                Expect(TokenKind.LParen);
                var items = ParseExprList();
                Expect(TokenKind.RParen);
                return new InListExpr(left, items, negated) { Position = pos };
            }

            case "like" or "ilike":
            {
                var kind = t.Text == "like" ? LikeKind.Like : LikeKind.ILike;
                if (At("any") || At("some") || At("all"))
                {
                    var op = (kind, negated) switch
                    {
                        (LikeKind.Like, false) => "~~",
                        (LikeKind.Like, true) => "!~~",
                        (_, false) => "~~*",
                        _ => "!~~*",
                    };
                    return ParseQuantified(left, op, null, false, pos, opStart);
                }

                var pattern = ParseExpr(Prec.Escape);
                var escape = Accept("escape") ? ParseExpr(Prec.Escape) : null;
                return new LikeExpr(left, kind, pattern, escape, negated) { Position = pos };
            }

            default:
            {
                Expect("to");
                var pattern = ParseExpr(Prec.Escape);
                var escape = Accept("escape") ? ParseExpr(Prec.Escape) : null;
                return new LikeExpr(left, LikeKind.SimilarTo, pattern, escape, negated) { Position = pos };
            }
        }
    }

    /// <summary>op ANY|SOME|ALL ( subquery | array expression ).</summary>
    private Expr ParseQuantified(Expr left, string op, string? schema, bool explicitOp, int pos, int opStart)
    {
        var q = Advance().Text == "all" ? Quantifier.All : Quantifier.Any;
        if (Current.Kind != TokenKind.LParen)
        {
            Fail();
        }

        if (LooksLikeQuery(1))
        {
            var saved = _index;
            var sub = TryParse(() => ParseSelectWithParens());
            if (sub is not null)
            {
                return new QuantifiedSubqueryExpr(left, op, q, sub) { Position = pos, OpSchema = schema, ExplicitOperator = explicitOp };
            }

            _index = saved;
        }

        Expect(TokenKind.LParen);
        var array = ParseExpr();
        Expect(TokenKind.RParen);
        return new QuantifiedArrayExpr(left, op, q, array) { Position = pos, OperatorPosition = opStart, OpSchema = schema, ExplicitOperator = explicitOp };
    }

    /// <summary>x[i] or x[a:b] (either bound optional in a slice).</summary>
    private Expr ParseSubscript(Expr operand)
    {
        Expect(TokenKind.LBracket);
        Expr? lower = null;
        Expr? upper = null;
        var slice = false;
        if (Current.Kind != TokenKind.Colon)
        {
            lower = ParseExpr();
        }

        if (Accept(TokenKind.Colon))
        {
            slice = true;
            if (Current.Kind != TokenKind.RBracket)
            {
                upper = ParseExpr();
            }
        }

        Expect(TokenKind.RBracket);
        return new SubscriptExpr(operand, lower, upper, slice) { Position = operand.Position };
    }

    private Expr[] ParseExprList()
    {
        var list = new List<Expr> { ParseExpr() };
        while (Accept(TokenKind.Comma))
        {
            list.Add(ParseExpr());
        }

        return list.ToArray();
    }

    /// <summary>
    /// True when, after <paramref name="offset"/> tokens and any further '(' tokens, a query keyword follows
    /// (SELECT, VALUES, WITH, TABLE): the parenthesised thing may be a subquery.
    /// </summary>
    private bool LooksLikeQuery(int offset)
    {
        var k = offset;
        while (Peek(k).Kind == TokenKind.LParen && k < offset + MaxDepth)
        {
            k++;
        }

        var t = Peek(k);
        return t.Is("select") || t.Is("values") || t.Is("with") || t.Is("table");
    }

    /// <summary>
    /// Runs a speculative parse; on a syntax error restores the position and returns null (the caller then tries the
    /// other reading). Depth errors propagate.
    /// </summary>
    private T? TryParse<T>(Func<T> parse)
        where T : class
    {
        var saved = _index;
        var depth = _depth;
        try
        {
            return parse();
        }
        catch (OmenDb.Common.PgException e) when (e.SqlState == OmenDb.Common.SqlState.SyntaxError)
        {
            _index = saved;
            _depth = depth;
            if (_speculativeError is null || e.Position > _speculativeError.Position)
            {
                _speculativeError = e;
            }

            return null;
        }
    }
}
