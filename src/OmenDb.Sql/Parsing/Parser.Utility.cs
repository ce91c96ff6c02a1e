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

    /// <summary>
    /// The object kind named by <paramref name="word"/> (just consumed) in DROP and COMMENT ON, consuming VIEW after
    /// MATERIALIZED; null when the word names no kind. Each statement refuses the kinds it does not take.
    /// </summary>
    private ObjectKind? ObjectKindAfter(Token word)
    {
        if (word.Text == "materialized")
        {
            Expect("view");
            return ObjectKind.MaterializedView;
        }

        return word.Text switch
        {
            "table" => ObjectKind.Table,
            "column" => ObjectKind.Column,
            "view" => ObjectKind.View,
            "index" => ObjectKind.Index,
            "sequence" => ObjectKind.Sequence,
            "schema" => ObjectKind.Schema,
            "database" => ObjectKind.Database,
            "role" => ObjectKind.Role,
            "user" => ObjectKind.User,
            "group" => ObjectKind.Group,
            "extension" => ObjectKind.Extension,
            "function" => ObjectKind.Function,
            "procedure" => ObjectKind.Procedure,
            "type" => ObjectKind.Type,
            "domain" => ObjectKind.Domain,
            "constraint" => ObjectKind.Constraint,
            "trigger" => ObjectKind.Trigger,
            "collation" => ObjectKind.Collation,
            _ => null,
        };
    }

    private Statement ParseComment()
    {
        var start = Expect("comment").Start;
        Expect("on");
        var t = Advance();
        if (ObjectKindAfter(t) is not { } kind || kind is ObjectKind.User or ObjectKind.Group)
        {
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
}
