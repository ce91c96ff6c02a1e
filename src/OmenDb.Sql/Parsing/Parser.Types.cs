using OmenDb.Common;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>Type names (gram.y Typename, SimpleTypename, ConstTypename) with SQL spellings mapped to pg names.</summary>
internal sealed partial class Parser
{
    /// <summary>Typename: SimpleTypename with optional array bounds (<c>[]</c>, <c>[3]</c>, <c>ARRAY</c>, <c>ARRAY[3]</c>).</summary>
    private TypeName ParseTypeName()
    {
        if (At("setof"))
        {
            Fail();
        }

        var type = ParseSimpleTypeName(allowIntervalFields: true);
        var bounds = new List<int>();
        if (At("array"))
        {
            Advance();
            if (Accept(TokenKind.LBracket))
            {
                bounds.Add(ParseIntConstant());
                Expect(TokenKind.RBracket);
            }
            else
            {
                bounds.Add(-1);
            }
        }
        else
        {
            while (Current.Kind == TokenKind.LBracket)
            {
                Advance();
                if (Current.Kind == TokenKind.Integer)
                {
                    bounds.Add(ParseIntConstant());
                }
                else
                {
                    bounds.Add(-1);
                }

                Expect(TokenKind.RBracket);
            }
        }

        return bounds.Count == 0 ? type : type with { ArrayBounds = bounds.ToArray() };
    }

    private TypeName ParseSimpleTypeName(bool allowIntervalFields)
    {
        var t = Current;
        var start = t.Start;
        if (t.Kind == TokenKind.Identifier && t.Keyword != KeywordCategory.None)
        {
            switch (t.Text)
            {
                case "int" or "integer":
                    Advance();
                    return SystemType("int4", start);
                case "smallint":
                    Advance();
                    return SystemType("int2", start);
                case "bigint":
                    Advance();
                    return SystemType("int8", start);
                case "real":
                    Advance();
                    return SystemType("float4", start);
                case "boolean":
                    Advance();
                    return SystemType("bool", start);
                case "double" when Peek(1).Is("precision"):
                    Advance();
                    Advance();
                    return SystemType("float8", start);
                case "float":
                {
                    Advance();
                    if (!Accept(TokenKind.LParen))
                    {
                        return SystemType("float8", start);
                    }

                    var p = Current;
                    var bits = ParseIntConstant();
                    Expect(TokenKind.RParen);
                    if (bits < 1)
                    {
                        SqlErrors.Throw(SqlState.InvalidParameterValue, "precision for type float must be at least 1 bit", p.Start);
                    }

                    if (bits > 53)
                    {
                        SqlErrors.Throw(SqlState.InvalidParameterValue, "precision for type float must be less than 54 bits", p.Start);
                    }

                    return SystemType(bits <= 24 ? "float4" : "float8", start);
                }

                case "decimal" or "dec" or "numeric":
                    Advance();
                    return SystemType("numeric", start) with { Modifiers = ParseOptionalTypeModifiers() };
                case "bit":
                {
                    Advance();
                    var varying = Accept("varying");
                    var mods = ParseOptionalTypeModifiers();
                    if (varying)
                    {
                        return SystemType("varbit", start) with { Modifiers = mods };
                    }

                    return SystemType("bit", start) with { Modifiers = mods.Length > 0 ? mods : [OneConst(start)] };
                }

                case "character" or "char" or "nchar" or "national" or "varchar":
                {
                    Advance();
                    if (t.Text == "national" && !(Accept("character") || Accept("char")))
                    {
                        Fail();
                    }

                    var varying = t.Text == "varchar" || Accept("varying");
                    Expr[] mods = [];
                    if (Current.Kind == TokenKind.LParen)
                    {
                        Advance();
                        var n = Current;
                        mods = [new IntegerLiteral(n.Text, ParseIntConstant()) { Position = n.Start }];
                        Expect(TokenKind.RParen);
                    }

                    if (varying)
                    {
                        return SystemType("varchar", start) with { Modifiers = mods };
                    }

                    return SystemType("bpchar", start) with { Modifiers = mods.Length > 0 ? mods : [OneConst(start)] };
                }

                case "timestamp" or "time":
                {
                    Advance();
                    Expr[] mods = [];
                    if (Current.Kind == TokenKind.LParen)
                    {
                        Advance();
                        var n = Current;
                        mods = [new IntegerLiteral(n.Text, ParseIntConstant()) { Position = n.Start }];
                        Expect(TokenKind.RParen);
                    }

                    var withZone = false;
                    if (At("with") && Peek(1).Is("time") && Peek(2).Is("zone"))
                    {
                        Advance();
                        Advance();
                        Advance();
                        withZone = true;
                    }
                    else if (At("without") && Peek(1).Is("time") && Peek(2).Is("zone"))
                    {
                        Advance();
                        Advance();
                        Advance();
                    }

                    var name = t.Text == "timestamp" ? (withZone ? "timestamptz" : "timestamp") : (withZone ? "timetz" : "time");
                    return SystemType(name, start) with { Modifiers = mods };
                }

                case "interval":
                {
                    Advance();
                    if (Current.Kind == TokenKind.LParen)
                    {
                        Advance();
                        var n = Current;
                        var p = ParseIntConstant();
                        Expect(TokenKind.RParen);
                        return SystemType("interval", start) with { Modifiers = [new IntegerLiteral(n.Text, p) { Position = n.Start }] };
                    }

                    var type = SystemType("interval", start);
                    if (allowIntervalFields)
                    {
                        var fields = ParseOptionalIntervalFields(out var secondsPrecision);
                        type = type with { IntervalFields = fields, Modifiers = secondsPrecision is null ? [] : [secondsPrecision] };
                    }

                    return type;
                }
            }
        }

        if (!IsTypeFunctionName(t))
        {
            Fail();
        }

        Advance();
        var parts = new List<string> { t.Text };
        while (Current.Kind == TokenKind.Dot)
        {
            Advance();
            parts.Add(ParseColLabel());
        }

        if (parts.Count == 1 && t.Kind == TokenKind.QuotedIdentifier && t.Text == "char")
        {
            // "char" (quoted) is the one-byte internal type, already named char in pg_type.
            return new TypeName(["char"]) { Position = start, Modifiers = ParseOptionalTypeModifiers() };
        }

        return new TypeName(parts.ToArray()) { Position = start, Modifiers = ParseOptionalTypeModifiers() };
    }

    private static TypeName SystemType(string name, int position) => new([name]) { Position = position, IsSystemSpelling = true };

    private static IntegerLiteral OneConst(int position) => new("1", 1) { Position = position };

    /// <summary>A generic type name used in a typed literal (<c>date '...'</c>, <c>pg_catalog.regclass '...'</c>).</summary>
    private static TypeName NormalizeGenericTypeName(string[] parts, int position) => new(parts) { Position = position };

    private Expr[] ParseOptionalTypeModifiers()
    {
        if (Current.Kind != TokenKind.LParen)
        {
            return [];
        }

        Advance();
        var mods = ParseExprList();
        Expect(TokenKind.RParen);
        return mods;
    }

    /// <summary>opt_interval: YEAR | MONTH | DAY | HOUR | MINUTE | SECOND[(p)] | YEAR TO MONTH | DAY TO HOUR ... .</summary>
    private IntervalFields ParseOptionalIntervalFields(out Expr? secondsPrecision)
    {
        secondsPrecision = null;
        var t = Current;
        if (t.Kind != TokenKind.Identifier)
        {
            return IntervalFields.None;
        }

        switch (t.Text)
        {
            case "year":
                Advance();
                if (AcceptSequence("to", "month"))
                {
                    return IntervalFields.YearToMonth;
                }

                return IntervalFields.Year;
            case "month":
                Advance();
                return IntervalFields.Month;
            case "day":
                Advance();
                if (At("to"))
                {
                    var n = Peek(1);
                    if (n.Is("hour"))
                    {
                        Advance();
                        Advance();
                        return IntervalFields.DayToHour;
                    }

                    if (n.Is("minute"))
                    {
                        Advance();
                        Advance();
                        return IntervalFields.DayToMinute;
                    }

                    if (n.Is("second"))
                    {
                        Advance();
                        Advance();
                        secondsPrecision = ParseSecondsPrecision();
                        return IntervalFields.DayToSecond;
                    }

                    Advance();
                    Fail();
                }

                return IntervalFields.Day;
            case "hour":
                Advance();
                if (At("to"))
                {
                    if (Peek(1).Is("minute"))
                    {
                        Advance();
                        Advance();
                        return IntervalFields.HourToMinute;
                    }

                    if (Peek(1).Is("second"))
                    {
                        Advance();
                        Advance();
                        secondsPrecision = ParseSecondsPrecision();
                        return IntervalFields.HourToSecond;
                    }

                    Advance();
                    Fail();
                }

                return IntervalFields.Hour;
            case "minute":
                Advance();
                if (At("to"))
                {
                    Advance();
                    Expect("second");
                    secondsPrecision = ParseSecondsPrecision();
                    return IntervalFields.MinuteToSecond;
                }

                return IntervalFields.Minute;
            case "second":
                Advance();
                secondsPrecision = ParseSecondsPrecision();
                return IntervalFields.Second;
            default:
                return IntervalFields.None;
        }
    }

    private Expr? ParseSecondsPrecision()
    {
        if (Current.Kind != TokenKind.LParen)
        {
            return null;
        }

        Advance();
        var n = Current;
        var p = ParseIntConstant();
        Expect(TokenKind.RParen);
        return new IntegerLiteral(n.Text, p) { Position = n.Start };
    }
}
