using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>CREATE INDEX / VIEW, sequence options, role options and generic option lists.</summary>
internal sealed partial class Parser
{
    private Statement ParseCreateIndex(int start)
    {
        var unique = Accept("unique");
        Expect("index");
        var concurrently = Accept("concurrently");
        var ifNotExists = ParseIfNotExists();
        string? name = null;
        if (!At("on") || ifNotExists)
        {
            name = ParseColId();
        }

        Expect("on");
        var only = Accept("only");
        var table = ParseQualifiedName();
        string? method = null;
        if (Accept("using"))
        {
            method = ParseColId();
        }

        var elements = ParseIndexElements();
        var stmt = new CreateIndexStatement(name, table, elements)
        {
            Position = start,
            Unique = unique,
            Concurrently = concurrently,
            IfNotExists = ifNotExists,
            Only = only,
            Method = method,
        };

        if (Accept("include"))
        {
            stmt = stmt with { Include = ParseParenthesizedNameList() };
        }

        if (At("nulls"))
        {
            Advance();
            var not = Accept("not");
            Expect("distinct");
            stmt = stmt with { NullsNotDistinct = not };
        }

        if (At("with") && Peek(1).Kind == TokenKind.LParen)
        {
            Advance();
            stmt = stmt with { Options = ParseDefElemList() };
        }

        if (Accept("tablespace"))
        {
            stmt = stmt with { Tablespace = ParseColId() };
        }

        if (Accept("where"))
        {
            stmt = stmt with { Where = ParseExpr() };
        }

        return stmt;
    }

    private Statement ParseCreateView(int start, bool orReplace, bool temp)
    {
        var recursive = Accept("recursive");
        Expect("view");
        var name = ParseQualifiedName();
        string[] columns = Current.Kind == TokenKind.LParen ? ParseParenthesizedNameList() : [];
        DefElem[] options = [];
        if (At("with") && Peek(1).Kind == TokenKind.LParen)
        {
            Advance();
            options = ParseDefElemList();
        }

        Expect("as");
        var query = ParseSelectStatement();
        var check = ViewCheckOption.None;
        if (At("with") && (Peek(1).Is("check") || Peek(1).Is("cascaded") || Peek(1).Is("local")))
        {
            Advance();
            check = Accept("local") ? ViewCheckOption.Local : ViewCheckOption.Cascaded;
            Accept("cascaded");
            Expect("check");
            Expect("option");
        }

        return new CreateViewStatement(name, columns, query)
        {
            Position = start,
            OrReplace = orReplace,
            Temporary = temp,
            Recursive = recursive,
            Options = options,
            CheckOption = check,
        };
    }

    /// <summary>SeqOptList; with <paramref name="parenthesized"/> the list is inside '(' ')' (identity columns).</summary>
    private SequenceOption[] ParseSequenceOptions(bool parenthesized)
    {
        if (parenthesized)
        {
            Expect(TokenKind.LParen);
        }

        var list = new List<SequenceOption>();
        while (true)
        {
            var option = TryParseSequenceOption();
            if (option is null)
            {
                break;
            }

            list.Add(option);
        }

        if (parenthesized)
        {
            if (list.Count == 0)
            {
                Fail();
            }

            Expect(TokenKind.RParen);
        }

        return list.ToArray();
    }

    private SequenceOption? TryParseSequenceOption()
    {
        var t = Current;
        var start = t.Start;
        if (t.Kind != TokenKind.Identifier)
        {
            return null;
        }

        switch (t.Text)
        {
            case "as":
                Advance();
                return new SequenceOption(SequenceOptionKind.As) { Position = start, Type = ParseSimpleTypeName(allowIntervalFields: false) };
            case "cache":
                Advance();
                return new SequenceOption(SequenceOptionKind.Cache) { Position = start, Value = ParseSignedNumberText() };
            case "cycle":
                Advance();
                return new SequenceOption(SequenceOptionKind.Cycle) { Position = start };
            case "increment":
                Advance();
                Accept("by");
                return new SequenceOption(SequenceOptionKind.Increment) { Position = start, Value = ParseSignedNumberText() };
            case "maxvalue":
                Advance();
                return new SequenceOption(SequenceOptionKind.MaxValue) { Position = start, Value = ParseSignedNumberText() };
            case "minvalue":
                Advance();
                return new SequenceOption(SequenceOptionKind.MinValue) { Position = start, Value = ParseSignedNumberText() };
            case "no":
            {
                var n = Peek(1);
                if (n.Is("maxvalue") || n.Is("minvalue") || n.Is("cycle"))
                {
                    Advance();
                    Advance();
                    var kind = n.Text switch
                    {
                        "maxvalue" => SequenceOptionKind.NoMaxValue,
                        "minvalue" => SequenceOptionKind.NoMinValue,
                        _ => SequenceOptionKind.NoCycle,
                    };
                    return new SequenceOption(kind) { Position = start };
                }

                return null;
            }

            case "owned":
            {
                Advance();
                Expect("by");
                if (Accept("none"))
                {
                    return new SequenceOption(SequenceOptionKind.OwnedBy) { Position = start };
                }

                return new SequenceOption(SequenceOptionKind.OwnedBy) { Position = start, Name = ParseQualifiedName() };
            }

            case "sequence" when Peek(1).Is("name"):
                Advance();
                Advance();
                return new SequenceOption(SequenceOptionKind.SequenceName) { Position = start, Name = ParseQualifiedName() };
            case "start":
                Advance();
                Accept("with");
                return new SequenceOption(SequenceOptionKind.Start) { Position = start, Value = ParseSignedNumberText() };
            case "restart":
            {
                Advance();
                var with = Accept("with");
                if (with || Current.Kind is TokenKind.Integer or TokenKind.Numeric || AtOp("-") || AtOp("+"))
                {
                    return new SequenceOption(SequenceOptionKind.Restart) { Position = start, Value = ParseSignedNumberText() };
                }

                return new SequenceOption(SequenceOptionKind.Restart) { Position = start };
            }

            default:
                return null;
        }
    }

    /// <summary>Role options of CREATE/ALTER ROLE, with PostgreSQL's DefElem names.</summary>
    private DefElem[] ParseRoleOptions(bool create)
    {
        var list = new List<DefElem>();
        while (true)
        {
            var t = Current;
            if (t.Kind != TokenKind.Identifier)
            {
                break;
            }

            var start = t.Start;
            DefElem? d = null;
            switch (t.Text)
            {
                case "password":
                    Advance();
                    d = Accept("null")
                        ? new DefElem("password", new OptionValue(OptionValueKind.Null, ""))
                        : new DefElem("password", new OptionValue(OptionValueKind.String, ParseStringConstant()));
                    break;
                case "encrypted" when Peek(1).Is("password"):
                    Advance();
                    Advance();
                    d = new DefElem("password", new OptionValue(OptionValueKind.String, ParseStringConstant()));
                    break;
                case "inherit":
                    Advance();
                    d = new DefElem("inherit", new OptionValue(OptionValueKind.Word, "true"));
                    break;
                case "connection" when Peek(1).Is("limit"):
                    Advance();
                    Advance();
                    d = new DefElem("connectionlimit", new OptionValue(OptionValueKind.Number, ParseSignedNumberText()));
                    break;
                case "valid" when Peek(1).Is("until"):
                    Advance();
                    Advance();
                    d = new DefElem("validUntil", new OptionValue(OptionValueKind.String, ParseStringConstant()));
                    break;
                case "sysid" when create:
                    Advance();
                    d = new DefElem("sysid", new OptionValue(OptionValueKind.Number, ParseSignedNumberText()));
                    break;
                case "in" when create && (Peek(1).Is("role") || Peek(1).Is("group")):
                    Advance();
                    Advance();
                    d = new DefElem("addroleto", RoleListValue());
                    break;
                case "role" or "user" when create || t.Text == "user":
                    Advance();
                    d = new DefElem("rolemembers", RoleListValue());
                    break;
                case "admin" when create:
                    Advance();
                    d = new DefElem("adminmembers", RoleListValue());
                    break;
                default:
                {
                    var (name, value) = t.Text switch
                    {
                        "superuser" => ("superuser", "true"),
                        "nosuperuser" => ("superuser", "false"),
                        "createdb" => ("createdb", "true"),
                        "nocreatedb" => ("createdb", "false"),
                        "createrole" => ("createrole", "true"),
                        "nocreaterole" => ("createrole", "false"),
                        "login" => ("canlogin", "true"),
                        "nologin" => ("canlogin", "false"),
                        "replication" => ("isreplication", "true"),
                        "noreplication" => ("isreplication", "false"),
                        "bypassrls" => ("bypassrls", "true"),
                        "nobypassrls" => ("bypassrls", "false"),
                        "noinherit" => ("inherit", "false"),
                        _ => ((string?)null, ""),
                    };
                    if (name is null)
                    {
                        break;
                    }

                    Advance();
                    d = new DefElem(name, new OptionValue(OptionValueKind.Word, value));
                    break;
                }
            }

            if (d is null)
            {
                break;
            }

            list.Add(d with { Position = start });
        }

        return list.ToArray();
    }

    private OptionValue RoleListValue()
    {
        var roles = new List<string> { ParseRoleSpec() };
        while (Accept(TokenKind.Comma))
        {
            roles.Add(ParseRoleSpec());
        }

        return new OptionValue(OptionValueKind.List, string.Join(", ", roles)) { Items = roles.ToArray() };
    }

    /// <summary>( name [= value] [, ...] ) — reloptions, COPY/EXPLAIN/VACUUM option lists.</summary>
    private DefElem[] ParseDefElemList()
    {
        Expect(TokenKind.LParen);
        var list = new List<DefElem>();
        do
        {
            var t = Current;
            var name = ParseColLabel();
            while (Accept(TokenKind.Dot))
            {
                name += "." + ParseColLabel();
            }

            OptionValue? value = null;
            if (AcceptOp("="))
            {
                value = ParseOptionValue();
            }
            else if (Current.Kind is not (TokenKind.Comma or TokenKind.RParen))
            {
                value = ParseOptionValue();
            }

            list.Add(new DefElem(name, value) { Position = t.Start });
        }
        while (Accept(TokenKind.Comma));

        Expect(TokenKind.RParen);
        return list.ToArray();
    }

    /// <summary>def_arg / copy_generic_opt_arg: word, keyword, string, signed number, *, or (list).</summary>
    private OptionValue ParseOptionValue()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.String:
                Advance();
                return new OptionValue(OptionValueKind.String, t.Text);
            case TokenKind.Integer or TokenKind.Numeric:
                return new OptionValue(OptionValueKind.Number, ParseSignedNumberText());
            case TokenKind.Operator when t.Text is "-" or "+" && Peek(1).Kind is TokenKind.Integer or TokenKind.Numeric:
                return new OptionValue(OptionValueKind.Number, ParseSignedNumberText());
            case TokenKind.Operator when t.Text == "*":
                Advance();
                return new OptionValue(OptionValueKind.Star, "*");
            case TokenKind.LParen:
            {
                Advance();
                var items = new List<string> { ParseColLabel() };
                while (Accept(TokenKind.Comma))
                {
                    items.Add(ParseColLabel());
                }

                Expect(TokenKind.RParen);
                return new OptionValue(OptionValueKind.List, string.Join(", ", items)) { Items = items.ToArray() };
            }

            case TokenKind.Identifier or TokenKind.QuotedIdentifier:
            {
                Advance();
                var text = t.Text;
                while (Current.Kind == TokenKind.Dot)
                {
                    Advance();
                    text += "." + ParseColLabel();
                }

                return new OptionValue(OptionValueKind.Word, text);
            }

            default:
                return Fail<OptionValue>();
        }
    }
}
