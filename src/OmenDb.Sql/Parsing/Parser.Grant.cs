using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>GRANT / REVOKE of privileges and roles, DECLARE / FETCH / MOVE cursors.</summary>
internal sealed partial class Parser
{
    private Statement ParseGrant()
    {
        var t = Advance();
        var start = t.Start;
        var isGrant = t.Text == "grant";
        var option = false;
        if (!isGrant && (At("grant") || At("admin")) && Peek(1).Is("option") && Peek(2).Is("for"))
        {
            Advance();
            Advance();
            Advance();
            option = true;
        }

        var privileges = new List<Privilege>();
        do
        {
            var p = Current;
            string privName;
            if (Accept("all"))
            {
                Accept("privileges");
                privName = "all";
            }
            else if (p.Is("select") || p.Is("references") || p.Is("create") || IsColId(p))
            {
                privName = Advance().Text;
            }
            else
            {
                return Fail<Statement>();
            }

            string[] cols = Current.Kind == TokenKind.LParen ? ParseParenthesizedNameList() : [];
            privileges.Add(new Privilege(privName, cols) { Position = p.Start });
        }
        while (Accept(TokenKind.Comma));

        if (!At("on"))
        {
            // GRANT role [, ...] TO role [, ...] [WITH ADMIN OPTION]
            var roles = new List<string>();
            foreach (var p in privileges)
            {
                if (p.Columns.Count > 0)
                {
                    Fail();
                }

                roles.Add(p.Name);
            }

            if (isGrant)
            {
                Expect("to");
            }
            else
            {
                Expect("from");
            }

            var roleGrantees = ParseGrantees();
            var admin = option;
            if (isGrant && At("with") && Peek(1).Is("admin"))
            {
                Advance();
                Advance();
                Expect("option");
                admin = true;
            }

            SkipGrantedBy();
            var behavior = isGrant ? DropBehavior.Default : ParseDropBehavior();
            return new GrantRoleStatement(isGrant, roles.ToArray(), roleGrantees) { Position = start, AdminOption = admin, Behavior = behavior };
        }

        Expect("on");
        var targetKind = GrantTargetKind.Table;
        if (At("all") && (Peek(1).Is("tables") || Peek(1).Is("sequences") || Peek(1).Is("functions") || Peek(1).Is("procedures")
                          || Peek(1).Is("routines")))
        {
            Advance();
            var what = Advance().Text;
            Expect("in");
            Expect("schema");
            targetKind = what switch
            {
                "tables" => GrantTargetKind.AllTablesInSchema,
                "sequences" => GrantTargetKind.AllSequencesInSchema,
                _ => GrantTargetKind.AllFunctionsInSchema,
            };
        }
        else if (Accept("table"))
        {
            targetKind = GrantTargetKind.Table;
        }
        else if (Accept("sequence"))
        {
            targetKind = GrantTargetKind.Sequence;
        }
        else if (Accept("database"))
        {
            targetKind = GrantTargetKind.Database;
        }
        else if (Accept("schema"))
        {
            targetKind = GrantTargetKind.Schema;
        }
        else if (Accept("function") || Accept("procedure") || Accept("routine"))
        {
            targetKind = GrantTargetKind.Function;
        }
        else if (Accept("type") || Accept("domain") || Accept("language") || Accept("tablespace"))
        {
            targetKind = GrantTargetKind.Other;
        }
        else if (At("foreign") || At("large"))
        {
            Fail();
        }

        var objects = new List<QualifiedName>();
        do
        {
            objects.Add(ParseQualifiedName());
            if (targetKind == GrantTargetKind.Function && Current.Kind == TokenKind.LParen)
            {
                SkipParenthesized();
            }
        }
        while (Accept(TokenKind.Comma));

        if (isGrant)
        {
            Expect("to");
        }
        else
        {
            Expect("from");
        }

        var grantees = ParseGrantees();
        var grantOption = option;
        if (isGrant && At("with") && Peek(1).Is("grant"))
        {
            Advance();
            Advance();
            Expect("option");
            grantOption = true;
        }

        SkipGrantedBy();
        var drop = isGrant ? DropBehavior.Default : ParseDropBehavior();
        return new GrantStatement(isGrant, privileges.ToArray(), targetKind, objects.ToArray(), grantees)
        {
            Position = start,
            GrantOption = grantOption,
            Behavior = drop,
        };
    }

    private string[] ParseGrantees()
    {
        var list = new List<string>();
        do
        {
            Accept("group");
            list.Add(ParseRoleSpec());
        }
        while (Accept(TokenKind.Comma));

        return list.ToArray();
    }

    private void SkipGrantedBy()
    {
        if (At("granted") && Peek(1).Is("by"))
        {
            Advance();
            Advance();
            ParseRoleSpec();
        }
    }

    private Statement ParseDeclareCursor()
    {
        var start = Expect("declare").Start;
        var name = ParseColId();
        var binary = false;
        bool? scroll = null;
        while (true)
        {
            if (Accept("binary"))
            {
                binary = true;
            }
            else if (Accept("insensitive") || Accept("asensitive"))
            {
            }
            else if (Accept("scroll"))
            {
                scroll = true;
            }
            else if (AcceptSequence("no", "scroll"))
            {
                scroll = false;
            }
            else
            {
                break;
            }
        }

        Expect("cursor");
        var hold = false;
        if (AcceptSequence("with", "hold"))
        {
            hold = true;
        }
        else
        {
            AcceptSequence("without", "hold");
        }

        Expect("for");
        var query = ParseSelectStatement();
        return new DeclareCursorStatement(name, query) { Position = start, WithHold = hold, Binary = binary, Scroll = scroll };
    }

    private Statement ParseFetch()
    {
        var t = Advance();
        var isMove = t.Text == "move";
        var direction = FetchDirection.Forward;
        long count = 1;
        var c = Current;
        if (c.Is("next"))
        {
            Advance();
        }
        else if (c.Is("prior"))
        {
            Advance();
            direction = FetchDirection.Backward;
        }
        else if (c.Is("first"))
        {
            Advance();
            direction = FetchDirection.Absolute;
        }
        else if (c.Is("last"))
        {
            Advance();
            direction = FetchDirection.Absolute;
            count = -1;
        }
        else if (c.Is("absolute") || c.Is("relative"))
        {
            Advance();
            direction = c.Is("absolute") ? FetchDirection.Absolute : FetchDirection.Relative;
            count = ParseIntConstant(allowSign: true);
        }
        else if (c.Is("all"))
        {
            Advance();
            count = long.MaxValue;
        }
        else if (c.Is("forward") || c.Is("backward"))
        {
            Advance();
            direction = c.Is("forward") ? FetchDirection.Forward : FetchDirection.Backward;
            if (Accept("all"))
            {
                count = long.MaxValue;
            }
            else if (Current.Kind == TokenKind.Integer || AtOp("-") || AtOp("+"))
            {
                count = ParseIntConstant(allowSign: true);
            }
        }
        else if (c.Kind == TokenKind.Integer || c.IsOp("-") || c.IsOp("+"))
        {
            count = ParseIntConstant(allowSign: true);
        }

        if (!Accept("from"))
        {
            Accept("in");
        }

        var cursor = ParseColId();
        return new FetchStatement(cursor, direction, count, isMove) { Position = t.Start };
    }
}
