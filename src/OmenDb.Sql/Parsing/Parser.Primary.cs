using System.Globalization;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>Primary expressions (gram.y's c_expr, AexprConst, func_expr).</summary>
internal sealed partial class Parser
{
    private Expr ParsePrimaryWithIndirection()
    {
        var e = ParsePrimary();
        if (e is RowExpr left && At("overlaps"))
        {
            // row OVERLAPS row: both rows have two fields (PostgreSQL checks the count in the grammar too).
            var op = Advance();
            var right = ParsePrimary() as RowExpr;
            if (right is null || left.Fields.Count != 2 || right.Fields.Count != 2)
            {
                SqlErrors.Syntax(left.Fields.Count != 2
                    ? "wrong number of parameters on left side of OVERLAPS expression"
                    : "wrong number of parameters on right side of OVERLAPS expression", op.Start);
            }

            return new FunctionCall(SystemName("overlaps", left.Position), [left.Fields[0], left.Fields[1], right!.Fields[0], right.Fields[1]])
            {
                Position = left.Position,
                Syntax = FunctionSyntax.Overlaps,
            };
        }

        return e;
    }

    private Expr ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Integer:
                Advance();
                return long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                    ? new IntegerLiteral(t.Text, v) { Position = t.Start }
                    : new NumericLiteral(t.Text) { Position = t.Start };
            case TokenKind.Numeric:
                Advance();
                return new NumericLiteral(t.Text) { Position = t.Start };
            case TokenKind.String:
                Advance();
                return new StringLiteral(t.Text, t.StringKind) { Position = t.Start };
            case TokenKind.BitString or TokenKind.HexString:
                Advance();
                return new BitStringLiteral(t.Text, t.Kind == TokenKind.HexString) { Position = t.Start };
            case TokenKind.Param:
            {
                Advance();
                if (!int.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    FailAt(t);
                }

                return ParseFieldSelections(new ParameterRef(n) { Position = t.Start });
            }

            case TokenKind.LParen:
                return ParseParenthesized();
            case TokenKind.QuotedIdentifier:
                return ParseNameExpression();
            case TokenKind.Identifier:
                return ParseKeywordOrName(t);
            default:
                return Fail<Expr>();
        }
    }

    private Expr ParseParenthesized()
    {
        var start = Current.Start;
        if (LooksLikeQuery(1))
        {
            var sub = TryParse(() => ParseSelectWithParens());
            if (sub is not null)
            {
                return ParseFieldSelections(new SubqueryExpr(sub) { Position = start });
            }
        }

        Expect(TokenKind.LParen);
        var first = ParseExpr();
        if (Current.Kind == TokenKind.Comma)
        {
            var items = new List<Expr> { first };
            while (Accept(TokenKind.Comma))
            {
                items.Add(ParseExpr());
            }

            Expect(TokenKind.RParen);
            return ParseFieldSelections(new RowExpr(items.ToArray(), false) { Position = start });
        }

        Expect(TokenKind.RParen);
        return ParseFieldSelections(first);
    }

    /// <summary>Indirection after a parenthesised expression: <c>(x).field</c>, <c>(x).*</c>, <c>(x)[1]</c> is left to the infix loop.</summary>
    private Expr ParseFieldSelections(Expr e)
    {
        while (Current.Kind == TokenKind.Dot)
        {
            Advance();
            if (AtOp("*"))
            {
                Advance();
                e = new FieldSelectExpr(e, null) { Position = e.Position };
            }
            else
            {
                e = new FieldSelectExpr(e, ParseColLabel()) { Position = e.Position };
            }

            while (Current.Kind == TokenKind.LBracket)
            {
                e = ParseSubscript(e);
            }
        }

        return e;
    }

    private Expr ParseKeywordOrName(Token t)
    {
        var next = Peek(1);
        var start = t.Start;
        switch (t.Text)
        {
            case "true":
                Advance();
                return new BooleanLiteral(true) { Position = start };
            case "false":
                Advance();
                return new BooleanLiteral(false) { Position = start };
            case "null":
                Advance();
                return new NullLiteral { Position = start };
            case "default":
                Advance();
                return new DefaultExpr { Position = start };
            case "case":
                return ParseCase();
            case "cast":
                return ParseCast();
            case "array":
                return ParseArrayConstructor();
            case "exists" when next.Kind == TokenKind.LParen:
            {
                Advance();
                var sub = ParseSelectWithParens();
                return new ExistsExpr(sub) { Position = start };
            }

            case "row" when next.Kind == TokenKind.LParen:
            {
                Advance();
                Advance();
                var fields = Current.Kind == TokenKind.RParen ? [] : ParseExprList();
                Expect(TokenKind.RParen);
                return ParseFieldSelections(new RowExpr(fields, true) { Position = start });
            }

            case "current_date":
                Advance();
                return new SqlValueFunction(SqlValueFunctionKind.CurrentDate, null) { Position = start };
            case "current_time":
                return ParseSqlValueFunctionWithPrecision(SqlValueFunctionKind.CurrentTime);
            case "current_timestamp":
                return ParseSqlValueFunctionWithPrecision(SqlValueFunctionKind.CurrentTimestamp);
            case "localtime":
                return ParseSqlValueFunctionWithPrecision(SqlValueFunctionKind.LocalTime);
            case "localtimestamp":
                return ParseSqlValueFunctionWithPrecision(SqlValueFunctionKind.LocalTimestamp);
            case "current_role":
                Advance();
                return new SqlValueFunction(SqlValueFunctionKind.CurrentRole, null) { Position = start };
            case "current_user":
                Advance();
                return new SqlValueFunction(SqlValueFunctionKind.CurrentUser, null) { Position = start };
            case "session_user":
                Advance();
                return new SqlValueFunction(SqlValueFunctionKind.SessionUser, null) { Position = start };
            case "user":
                Advance();
                return new SqlValueFunction(SqlValueFunctionKind.User, null) { Position = start };
            case "current_catalog":
                Advance();
                return new SqlValueFunction(SqlValueFunctionKind.CurrentCatalog, null) { Position = start };
            case "current_schema" when next.Kind != TokenKind.LParen:
                Advance();
                return new SqlValueFunction(SqlValueFunctionKind.CurrentSchema, null) { Position = start };
            case "coalesce" or "greatest" or "least" or "nullif" or "extract" or "position" or "substring" or "trim" or "overlay"
                or "normalize" or "grouping" when next.Kind == TokenKind.LParen:
                return ParseSpecialFunction(t);
            case "collation" when next.Is("for"):
            {
                Advance();
                Advance();
                Expect(TokenKind.LParen);
                var arg = ParseExpr();
                Expect(TokenKind.RParen);
                return new FunctionCall(SystemName("pg_collation_for", start), [arg]) { Position = start };
            }
        }

        if (IsConstTypeKeyword(t.Text) && (next.Kind is TokenKind.String or TokenKind.LParen || next.Is("with") || next.Is("without")
                                          || next.Is("varying") || next.Is("precision") || next.Is("character") || next.Is("char")))
        {
            // A keyword-spelled type name followed by a string is a typed literal (ConstTypename Sconst).
            var typed = TryParseTypedLiteral();
            if (typed is not null)
            {
                return typed;
            }
        }

        if (t.Keyword == KeywordCategory.Reserved)
        {
            return Fail<Expr>();
        }

        return ParseNameExpression();
    }

    /// <summary>Keywords that start a ConstTypename (the only keyword types a typed literal can use).</summary>
    private static bool IsConstTypeKeyword(string word) => word is "int" or "integer" or "smallint" or "bigint" or "real" or "float"
        or "double" or "decimal" or "dec" or "numeric" or "boolean" or "bit" or "char" or "character" or "nchar" or "national"
        or "varchar" or "time" or "timestamp" or "interval";

    private Expr? TryParseTypedLiteral()
    {
        var saved = _index;
        var start = Current.Start;
        var isInterval = Current.Is("interval");
        var type = TryParse(() => ParseSimpleTypeName(allowIntervalFields: false));
        if (type is null || Current.Kind != TokenKind.String)
        {
            _index = saved;
            return null;
        }

        var s = Advance();
        if (isInterval && type.IntervalFields == IntervalFields.None)
        {
            // INTERVAL 'x' [fields]: the qualifier follows the string.
            var fields = ParseOptionalIntervalFields(out var secondsPrecision);
            if (fields != IntervalFields.None)
            {
                if (type.Modifiers.Count > 0 && secondsPrecision is not null)
                {
                    FailAt(Previous);
                }

                type = type with
                {
                    IntervalFields = fields,
                    Modifiers = secondsPrecision is null ? type.Modifiers : [secondsPrecision],
                };
            }
        }

        return new CastExpr(new StringLiteral(s.Text, s.StringKind) { Position = s.Start }, type, CastSyntax.TypedLiteral)
        {
            Position = start,
        };
    }

    private Expr ParseSqlValueFunctionWithPrecision(SqlValueFunctionKind kind)
    {
        var start = Advance().Start;
        int? precision = null;
        if (Accept(TokenKind.LParen))
        {
            precision = ParseIntConstant();
            Expect(TokenKind.RParen);
        }

        return new SqlValueFunction(kind, precision) { Position = start };
    }

    /// <summary>Column reference, function call or generic typed literal starting with a (possibly dotted) name.</summary>
    private Expr ParseNameExpression()
    {
        var first = Current;
        var start = first.Start;
        var parts = new List<string> { Advance().Text };
        while (Current.Kind == TokenKind.Dot)
        {
            Advance();
            if (AtOp("*"))
            {
                Advance();
                if (!IsColId(first))
                {
                    FailAt(first);
                }

                return new StarExpr(parts.ToArray()) { Position = start };
            }

            parts.Add(ParseColLabel());
        }

        if (Current.Kind == TokenKind.LParen)
        {
            if (parts.Count == 1 && !IsTypeFunctionName(first))
            {
                Fail();
            }

            var call = ParseFunctionCallTail(new QualifiedName(parts.ToArray()) { Position = start });
            if (Current.Kind == TokenKind.String && IsPlainCall(call) && (parts.Count > 1 || IsTypeFunctionName(first)))
            {
                // func_name '(' args ')' Sconst: a typed literal with type modifiers, e.g. timestamptz(3) '...'.
                var lit = Advance();
                var modType = NormalizeGenericTypeName(parts.ToArray(), start) with { Modifiers = call.Args };
                return new CastExpr(new StringLiteral(lit.Text, lit.StringKind) { Position = lit.Start }, modType, CastSyntax.TypedLiteral)
                {
                    Position = start,
                };
            }

            return call;
        }

        if (Current.Kind == TokenKind.String && (parts.Count > 1 || IsTypeFunctionName(first)))
        {
            // func_name Sconst: a generic typed literal such as DATE '2020-01-01' or text 'x'.
            var s = Advance();
            var type = NormalizeGenericTypeName(parts.ToArray(), start);
            return new CastExpr(new StringLiteral(s.Text, s.StringKind) { Position = s.Start }, type, CastSyntax.TypedLiteral)
            {
                Position = start,
            };
        }

        if (!IsColId(first))
        {
            Fail(); // a type_func_name keyword such as LEFT must be followed by '(' (PostgreSQL reports the next token)
        }

        return new ColumnRef(parts.ToArray()) { Position = start };
    }

    private static bool IsPlainCall(FunctionCall call) =>
        !call.Star && !call.Distinct && !call.VariadicLast && call.OrderBy.Count == 0 && call.Filter is null && call.Over is null
        && call.Args.Count > 0 && !call.Args.Any(a => a is NamedArgExpr);

    private FunctionCall ParseFunctionCallTail(QualifiedName name)
    {
        var start = name.Position;
        Expect(TokenKind.LParen);
        var args = new List<Expr>();
        var star = false;
        var distinct = false;
        var variadic = false;
        SortItem[] orderBy = [];
        if (AtOp("*") && Peek(1).Kind == TokenKind.RParen)
        {
            Advance();
            star = true;
        }
        else if (Current.Kind != TokenKind.RParen)
        {
            if (Accept("distinct"))
            {
                distinct = true;
            }
            else
            {
                Accept("all");
            }

            while (true)
            {
                if (Accept("variadic"))
                {
                    variadic = true;
                    args.Add(ParseFunctionArg());
                    break;
                }

                args.Add(ParseFunctionArg());
                if (!Accept(TokenKind.Comma))
                {
                    break;
                }
            }

            if (At("order") && Peek(1).Is("by"))
            {
                Advance();
                Advance();
                orderBy = ParseSortList();
            }
        }

        Expect(TokenKind.RParen);
        var call = new FunctionCall(name, args.ToArray())
        {
            Position = start,
            Star = star,
            Distinct = distinct,
            VariadicLast = variadic,
            OrderBy = orderBy,
        };

        if (At("within") && Peek(1).Is("group"))
        {
            if (orderBy.Length > 0)
            {
                Fail();
            }

            Advance();
            Advance();
            Expect(TokenKind.LParen);
            Expect("order");
            Expect("by");
            call = call with { OrderBy = ParseSortList(), WithinGroup = true };
            Expect(TokenKind.RParen);
        }

        if (At("filter") && Peek(1).Kind == TokenKind.LParen)
        {
            Advance();
            Advance();
            Expect("where");
            call = call with { Filter = ParseExpr() };
            Expect(TokenKind.RParen);
        }

        if (At("over"))
        {
            Advance();
            call = call with { Over = ParseOverClause() };
        }

        return call;
    }

    private Expr ParseFunctionArg()
    {
        var t = Current;
        if (IsTypeFunctionName(t) && Peek(1).Kind is TokenKind.EqualsGreater or TokenKind.ColonEquals)
        {
            Advance();
            Advance();
            return new NamedArgExpr(t.Text, ParseExpr()) { Position = t.Start };
        }

        return ParseExpr();
    }

    private Expr ParseCase()
    {
        var start = Expect("case").Start;
        Expr? operand = null;
        if (!At("when"))
        {
            operand = ParseExpr();
        }

        var whens = new List<CaseWhen>();
        while (At("when"))
        {
            var w = Advance().Start;
            var cond = ParseExpr();
            Expect("then");
            var result = ParseExpr();
            whens.Add(new CaseWhen(cond, result) { Position = w });
        }

        if (whens.Count == 0)
        {
            Fail();
        }

        Expr? elseExpr = null;
        if (Accept("else"))
        {
            elseExpr = ParseExpr();
        }

        Expect("end");
        return new CaseExpr(operand, whens.ToArray(), elseExpr) { Position = start };
    }

    private Expr ParseCast()
    {
        var start = Expect("cast").Start;
        Expect(TokenKind.LParen);
        var e = ParseExpr();
        Expect("as");
        var type = ParseTypeName();
        Expect(TokenKind.RParen);
        return new CastExpr(e, type, CastSyntax.Cast) { Position = start };
    }

    private Expr ParseArrayConstructor()
    {
        var start = Expect("array").Start;
        if (Current.Kind == TokenKind.LParen)
        {
            var sub = ParseSelectWithParens();
            return new ArraySubqueryExpr(sub) { Position = start };
        }

        return ParseArrayBrackets(start, false);
    }

    /// <summary>[ elements ] where elements are expressions or nested bracket lists.</summary>
    private ArrayExpr ParseArrayBrackets(int start, bool bare)
    {
        Enter();
        try
        {
            Expect(TokenKind.LBracket);
            var items = new List<Expr>();
            if (Current.Kind != TokenKind.RBracket)
            {
                do
                {
                    items.Add(Current.Kind == TokenKind.LBracket ? ParseArrayBrackets(Current.Start, true) : ParseExpr());
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RBracket);
            return new ArrayExpr(items.ToArray()) { Position = start, IsBare = bare };
        }
        finally
        {
            Leave();
        }
    }
}
