using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>Identifier classes of gram.y: ColId, ColLabel, type_function_name, NonReservedWord, any_name.</summary>
internal sealed partial class Parser
{
    /// <summary>ColId: IDENT | unreserved_keyword | col_name_keyword (or a quoted identifier).</summary>
    private static bool IsColId(Token t) =>
        t.Kind == TokenKind.QuotedIdentifier
        || (t.Kind == TokenKind.Identifier && t.Keyword is KeywordCategory.None or KeywordCategory.Unreserved or KeywordCategory.ColumnName);

    /// <summary>type_function_name: IDENT | unreserved_keyword | type_func_name_keyword.</summary>
    private static bool IsTypeFunctionName(Token t) =>
        t.Kind == TokenKind.QuotedIdentifier
        || (t.Kind == TokenKind.Identifier && t.Keyword is KeywordCategory.None or KeywordCategory.Unreserved or KeywordCategory.TypeFuncName);

    /// <summary>NonReservedWord: anything but a reserved keyword.</summary>
    private static bool IsNonReservedWord(Token t) =>
        t.Kind == TokenKind.QuotedIdentifier || (t.Kind == TokenKind.Identifier && t.Keyword != KeywordCategory.Reserved);

    /// <summary>ColLabel: any identifier or keyword.</summary>
    private static bool IsColLabel(Token t) => t.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier;

    private string ParseColId()
    {
        if (!IsColId(Current))
        {
            Fail();
        }

        return Advance().Text;
    }

    private string ParseColLabel()
    {
        if (!IsColLabel(Current))
        {
            Fail();
        }

        return Advance().Text;
    }

    private string ParseNonReservedWord()
    {
        if (!IsNonReservedWord(Current))
        {
            Fail();
        }

        return Advance().Text;
    }

    /// <summary>A role specification: a non-reserved word or CURRENT_USER / SESSION_USER / CURRENT_ROLE / PUBLIC.</summary>
    private string ParseRoleSpec()
    {
        var t = Current;
        if (t.Is("current_user") || t.Is("session_user") || t.Is("current_role"))
        {
            Advance();
            return t.Text;
        }

        return ParseNonReservedWord();
    }

    /// <summary>any_name / qualified_name: ColId ('.' ColLabel)*.</summary>
    private QualifiedName ParseQualifiedName()
    {
        var start = Current.Start;
        var parts = new List<string> { ParseColId() };
        while (Current.Kind == TokenKind.Dot)
        {
            Advance();
            parts.Add(ParseColLabel());
        }

        return new QualifiedName(parts.ToArray()) { Position = start };
    }

    /// <summary>Comma-separated ColIds in parentheses: <c>(a, b, c)</c>.</summary>
    private string[] ParseParenthesizedNameList()
    {
        Expect(TokenKind.LParen);
        var list = ParseNameList();
        Expect(TokenKind.RParen);
        return list;
    }

    private string[] ParseNameList()
    {
        var list = new List<string> { ParseColId() };
        while (Accept(TokenKind.Comma))
        {
            list.Add(ParseColId());
        }

        return list.ToArray();
    }

    private QualifiedName[] ParseQualifiedNameList()
    {
        var list = new List<QualifiedName> { ParseQualifiedName() };
        while (Accept(TokenKind.Comma))
        {
            list.Add(ParseQualifiedName());
        }

        return list.ToArray();
    }

    /// <summary>A string constant (Sconst).</summary>
    private string ParseStringConstant()
    {
        if (Current.Kind != TokenKind.String)
        {
            Fail();
        }

        return Advance().Text;
    }

    /// <summary>An unsigned or signed integer constant (Iconst / SignedIconst) as int.</summary>
    private int ParseIntConstant(bool allowSign = false)
    {
        var negative = false;
        if (allowSign && (AtOp("-") || AtOp("+")))
        {
            negative = Advance().Text == "-";
        }

        var t = Current;
        if (t.Kind != TokenKind.Integer || !int.TryParse(t.Text, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            return Fail<int>();
        }

        Advance();
        return negative ? -v : v;
    }

    /// <summary>NumericOnly: a possibly signed integer or decimal constant, returned as text with its sign.</summary>
    private string ParseSignedNumberText()
    {
        var sign = "";
        if (AtOp("-") || AtOp("+"))
        {
            sign = Advance().Text == "-" ? "-" : "";
        }

        if (Current.Kind is not (TokenKind.Integer or TokenKind.Numeric))
        {
            Fail();
        }

        return sign + Advance().Text;
    }
}
