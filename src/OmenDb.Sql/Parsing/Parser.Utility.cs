using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>TRUNCATE, COPY, EXPLAIN, PREPARE/EXECUTE, VACUUM/ANALYZE, LOCK, COMMENT, GRANT/REVOKE, cursors.</summary>
internal sealed partial class Parser
{
    private Statement ParseTruncate()
    {
        var start = Expect("truncate").Start;
        Accept("table");
        var tables = new List<RelationRef>();
        do
        {
            tables.Add(ParseRelationExpr());
        }
        while (Accept(TokenKind.Comma));

        var restart = false;
        if (AcceptSequence("restart", "identity"))
        {
            restart = true;
        }
        else
        {
            AcceptSequence("continue", "identity");
        }

        return new TruncateStatement(tables.ToArray()) { Position = start, RestartIdentity = restart, Behavior = ParseDropBehavior() };
    }

    private Statement ParseCopy()
    {
        var start = Expect("copy").Start;
        var options = new List<DefElem>();
        if (At("binary"))
        {
            options.Add(new DefElem("format", new OptionValue(OptionValueKind.Word, "binary")) { Position = Advance().Start });
        }

        QualifiedName? table = null;
        string[] columns = [];
        Statement? query = null;
        if (Current.Kind == TokenKind.LParen)
        {
            Advance();
            query = ParsePreparableStatement();
            Expect(TokenKind.RParen);
        }
        else
        {
            table = ParseQualifiedName();
            if (Current.Kind == TokenKind.LParen)
            {
                columns = ParseParenthesizedNameList();
            }
        }

        bool isFrom;
        if (Accept("from"))
        {
            isFrom = true;
        }
        else
        {
            Expect("to");
            isFrom = false;
        }

        if (query is not null && isFrom)
        {
            FailAt(Previous);
        }

        var endpoint = CopyEndpoint.Client;
        string? target = null;
        if (Accept("stdin") || Accept("stdout"))
        {
        }
        else if (Accept("program"))
        {
            endpoint = CopyEndpoint.Program;
            target = ParseStringConstant();
        }
        else
        {
            endpoint = CopyEndpoint.File;
            target = ParseStringConstant();
        }

        if (At("using") && Peek(1).Is("delimiters") || At("delimiters"))
        {
            Accept("using");
            var d = Advance();
            options.Add(new DefElem("delimiter", new OptionValue(OptionValueKind.String, ParseStringConstant())) { Position = d.Start });
        }

        var with = Accept("with");
        if (Current.Kind == TokenKind.LParen)
        {
            options.AddRange(ParseDefElemList());
        }
        else
        {
            ParseOldCopyOptions(options);
        }

        _ = with;
        Expr? where = null;
        if (Accept("where"))
        {
            where = ParseExpr();
        }

        return new CopyStatement(isFrom, endpoint, options.ToArray())
        {
            Position = start,
            Table = table,
            Columns = columns,
            Query = query,
            Target = target,
            Where = where,
        };
    }

    /// <summary>copy_opt_list (pre-9.0 syntax), normalised to the new option names.</summary>
    private void ParseOldCopyOptions(List<DefElem> options)
    {
        while (true)
        {
            var t = Current;
            if (t.Kind != TokenKind.Identifier)
            {
                return;
            }

            switch (t.Text)
            {
                case "binary":
                    Advance();
                    options.Add(Word("format", "binary", t.Start));
                    break;
                case "csv":
                    Advance();
                    options.Add(Word("format", "csv", t.Start));
                    break;
                case "header":
                    Advance();
                    options.Add(Word("header", "true", t.Start));
                    break;
                case "freeze":
                    Advance();
                    options.Add(Word("freeze", "true", t.Start));
                    break;
                case "delimiter" or "null" or "quote" or "escape" or "encoding":
                    Advance();
                    Accept("as");
                    options.Add(new DefElem(t.Text, new OptionValue(OptionValueKind.String, ParseStringConstant())) { Position = t.Start });
                    break;
                case "force":
                {
                    Advance();
                    string name;
                    if (Accept("quote"))
                    {
                        name = "force_quote";
                    }
                    else if (At("not") && Peek(1).Is("null"))
                    {
                        Advance();
                        Advance();
                        name = "force_not_null";
                    }
                    else
                    {
                        Expect("null");
                        name = "force_null";
                    }

                    if (name == "force_quote" && AcceptOp("*"))
                    {
                        options.Add(new DefElem(name, new OptionValue(OptionValueKind.Star, "*")) { Position = t.Start });
                    }
                    else
                    {
                        var cols = ParseNameList();
                        options.Add(new DefElem(name, new OptionValue(OptionValueKind.List, string.Join(", ", cols)) { Items = cols })
                        {
                            Position = t.Start,
                        });
                    }

                    break;
                }

                default:
                    return;
            }
        }
    }

    private static DefElem Word(string name, string value, int position) =>
        new(name, new OptionValue(OptionValueKind.Word, value)) { Position = position };

    private Statement ParseExplain()
    {
        var start = Expect("explain").Start;
        var options = new List<DefElem>();
        if (Current.Kind == TokenKind.LParen && !LooksLikeQuery(1))
        {
            options.AddRange(ParseDefElemList());
        }
        else
        {
            if (At("analyze") || At("analyse"))
            {
                options.Add(Word("analyze", "true", Advance().Start));
            }

            if (At("verbose"))
            {
                options.Add(Word("verbose", "true", Advance().Start));
            }
        }

        var stmt = ParseStatementTop();
        return new ExplainStatement(stmt, options.ToArray()) { Position = start };
    }

    private Statement ParsePrepare()
    {
        var start = Expect("prepare").Start;
        var name = ParseColId();
        var types = new List<TypeName>();
        if (Accept(TokenKind.LParen))
        {
            do
            {
                types.Add(ParseTypeName());
            }
            while (Accept(TokenKind.Comma));

            Expect(TokenKind.RParen);
        }

        Expect("as");
        var stmt = ParsePreparableStatement();
        return new PrepareStatement(name, types.ToArray(), stmt) { Position = start };
    }

    private Statement ParseExecute()
    {
        var start = Expect("execute").Start;
        var name = ParseColId();
        Expr[] args = [];
        if (Accept(TokenKind.LParen))
        {
            args = ParseExprList();
            Expect(TokenKind.RParen);
        }

        return new ExecuteStatement(name, args) { Position = start };
    }

    private Statement ParseVacuum()
    {
        var t = Advance();
        var isVacuum = t.Text == "vacuum";
        var options = new List<DefElem>();
        if (Current.Kind == TokenKind.LParen)
        {
            options.AddRange(ParseDefElemList());
        }
        else if (isVacuum)
        {
            foreach (var flag in (string[])["full", "freeze", "verbose"])
            {
                if (At(flag))
                {
                    options.Add(Word(flag, "true", Advance().Start));
                }
            }

            if (At("analyze") || At("analyse"))
            {
                options.Add(Word("analyze", "true", Advance().Start));
            }
        }
        else if (At("verbose"))
        {
            options.Add(Word("verbose", "true", Advance().Start));
        }

        var tables = new List<VacuumTarget>();
        if (IsColId(Current))
        {
            do
            {
                var name = ParseQualifiedName();
                string[] cols = Current.Kind == TokenKind.LParen ? ParseParenthesizedNameList() : [];
                tables.Add(new VacuumTarget(name, cols) { Position = name.Position });
            }
            while (Accept(TokenKind.Comma));
        }

        return new VacuumStatement(isVacuum, options.ToArray(), tables.ToArray()) { Position = t.Start };
    }

    private Statement ParseLock()
    {
        var start = Expect("lock").Start;
        Accept("table");
        var tables = new List<RelationRef>();
        do
        {
            tables.Add(ParseRelationExpr());
        }
        while (Accept(TokenKind.Comma));

        string? mode = null;
        if (Accept("in"))
        {
            var words = new List<string>();
            while (!At("mode"))
            {
                var w = Advance();
                if (!(w.Is("access") || w.Is("row") || w.Is("share") || w.Is("exclusive") || w.Is("update")))
                {
                    FailAt(w);
                }

                words.Add(w.Text.ToUpperInvariant());
            }

            Expect("mode");
            mode = string.Join(' ', words);
        }

        var noWait = Accept("nowait");
        return new LockStatement(tables.ToArray(), mode, noWait) { Position = start };
    }

    private Statement ParseComment()
    {
        var start = Expect("comment").Start;
        Expect("on");
        var t = Advance();
        ObjectKind kind;
        switch (t.Text)
        {
            case "table":
                kind = ObjectKind.Table;
                break;
            case "column":
                kind = ObjectKind.Column;
                break;
            case "view":
                kind = ObjectKind.View;
                break;
            case "materialized":
                Expect("view");
                kind = ObjectKind.MaterializedView;
                break;
            case "index":
                kind = ObjectKind.Index;
                break;
            case "sequence":
                kind = ObjectKind.Sequence;
                break;
            case "schema":
                kind = ObjectKind.Schema;
                break;
            case "database":
                kind = ObjectKind.Database;
                break;
            case "role":
                kind = ObjectKind.Role;
                break;
            case "extension":
                kind = ObjectKind.Extension;
                break;
            case "function":
                kind = ObjectKind.Function;
                break;
            case "procedure":
                kind = ObjectKind.Procedure;
                break;
            case "type":
                kind = ObjectKind.Type;
                break;
            case "domain":
                kind = ObjectKind.Domain;
                break;
            case "constraint":
                kind = ObjectKind.Constraint;
                break;
            case "trigger":
                kind = ObjectKind.Trigger;
                break;
            case "collation":
                kind = ObjectKind.Collation;
                break;
            default:
                FailAt(t);
                return null!;
        }

        var name = ParseQualifiedName();
        if (kind is ObjectKind.Function or ObjectKind.Procedure && Current.Kind == TokenKind.LParen)
        {
            SkipParenthesized();
        }

        QualifiedName? onTable = null;
        if (kind is ObjectKind.Constraint or ObjectKind.Trigger)
        {
            Expect("on");
            Accept("domain");
            onTable = ParseQualifiedName();
        }

        Expect("is");
        string? text = Accept("null") ? null : ParseStringConstant();
        return new CommentStatement(kind, name, text) { Position = start, OnTable = onTable };
    }

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
