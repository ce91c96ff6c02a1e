using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>Statement dispatch and session statements: transactions, SET / SHOW / RESET, DISCARD, LISTEN/NOTIFY.</summary>
internal sealed partial class Parser
{
    private Statement ParseStatementTop()
    {
        var t = Current;
        if (t.Kind == TokenKind.LParen)
        {
            return ParseSelectStatement();
        }

        if (t.Kind != TokenKind.Identifier)
        {
            return Fail<Statement>();
        }

        switch (t.Text)
        {
            case "select" or "values" or "table" or "with":
                return ParsePreparableStatement();
            case "insert":
                return ParseInsert(null);
            case "update":
                return ParseUpdate(null);
            case "delete":
                return ParseDelete(null);
            case "create":
                return ParseCreate();
            case "alter":
                return ParseAlter();
            case "drop":
                return ParseDrop();
            case "truncate":
                return ParseTruncate();
            case "copy":
                return ParseCopy();
            case "explain":
                return ParseExplain();
            case "prepare" when Peek(1).Is("transaction"):
                Advance();
                Advance();
                return new TransactionStatement(TransactionKind.Prepare) { Position = t.Start, Name = ParseStringConstant() };
            case "prepare":
                return ParsePrepare();
            case "execute":
                return ParseExecute();
            case "deallocate":
            {
                Advance();
                Accept("prepare");
                var name = Accept("all") ? null : ParseColId();
                return new DeallocateStatement(name) { Position = t.Start };
            }

            case "set":
                return ParseSet();
            case "show":
                return ParseShow();
            case "reset":
            {
                Advance();
                var name = ParseResetName();
                return new ResetStatement(name) { Position = t.Start };
            }

            case "begin" or "start" or "commit" or "end" or "rollback" or "abort" or "savepoint" or "release":
                return ParseTransaction();
            case "vacuum" or "analyze" or "analyse":
                return ParseVacuum();
            case "discard":
                return ParseDiscard();
            case "lock":
                return ParseLock();
            case "checkpoint":
                Advance();
                return new CheckpointStatement { Position = t.Start };
            case "listen":
                Advance();
                return new ListenStatement(ParseColId()) { Position = t.Start };
            case "unlisten":
            {
                Advance();
                var channel = AcceptOp("*") ? null : ParseColId();
                return new UnlistenStatement(channel) { Position = t.Start };
            }

            case "notify":
            {
                Advance();
                var channel = ParseColId();
                string? payload = null;
                if (Accept(TokenKind.Comma))
                {
                    payload = ParseStringConstant();
                }

                return new NotifyStatement(channel, payload) { Position = t.Start };
            }

            case "do":
                return ParseDo();
            case "comment":
                return ParseComment();
            case "grant" or "revoke":
                return ParseGrant();
            case "call":
            {
                Advance();
                var call = ParseNameExpression();
                if (call is not FunctionCall f)
                {
                    return Fail<Statement>();
                }

                return new CallStatement(f) { Position = t.Start };
            }

            case "declare":
                return ParseDeclareCursor();
            case "fetch" or "move":
                return ParseFetch();
            case "close":
            {
                Advance();
                var name = Accept("all") ? null : ParseColId();
                return new CloseStatement(name) { Position = t.Start };
            }

            case "merge" or "refresh" or "cluster" or "reindex" or "security" or "import" or "reassign" or "load":
                return ParseUnsupported(t.Start, null);
            default:
                return Fail<Statement>();
        }
    }

    /// <summary>Object kinds after CREATE / ALTER / DROP that are recognised but not supported.</summary>
    private static bool IsUnsupportedObjectWord(string word) => word is "function" or "procedure" or "trigger" or "type" or "domain"
        or "rule" or "policy" or "aggregate" or "operator" or "cast" or "publication" or "subscription" or "collation" or "conversion"
        or "event" or "foreign" or "server" or "statistics" or "text" or "transform" or "language" or "tablespace" or "access"
        or "routine" or "default" or "system" or "large" or "owned" or "constraint" or "procedural" or "trusted";

    /// <summary>
    /// Skips to the end of the statement (the next ';' outside parentheses) and returns an <see cref="UnsupportedStatement"/>
    /// tagged with the verb (already consumed, or null when it is the current token) and the object words that follow.
    /// </summary>
    private Statement ParseUnsupported(int start, string? verb)
    {
        var words = new List<string>();
        if (verb is not null)
        {
            words.Add(verb);
        }

        var first = Current;
        var tagWords = words.Count + (first.Is("foreign") || first.Is("event") || first.Is("text") || first.Is("access")
            || first.Is("constraint") || first.Is("default") || first.Is("large") || first.Is("materialized") ? 2 : 1);
        var depth = 0;
        while (true)
        {
            var t = Current;
            if (t.Kind == TokenKind.End || (t.Kind == TokenKind.Semicolon && depth == 0))
            {
                break;
            }

            if (words.Count < tagWords && t.Kind == TokenKind.Identifier && !(t.Is("or") || t.Is("replace")))
            {
                words.Add(t.Text.ToUpperInvariant());
            }

            if (t.Kind is TokenKind.LParen or TokenKind.LBracket)
            {
                depth++;
            }
            else if (t.Kind is TokenKind.RParen or TokenKind.RBracket)
            {
                if (--depth < 0)
                {
                    Fail();
                }
            }

            Advance();
        }

        return new UnsupportedStatement(string.Join(' ', words), Source[start..Previous.End]) { Position = start };
    }

    // ---- transactions --------------------------------------------------------------------------------------------

    private Statement ParseTransaction()
    {
        var t = Advance();
        var start = t.Start;
        switch (t.Text)
        {
            case "begin":
            {
                if (!Accept("work"))
                {
                    Accept("transaction");
                }

                var modes = ParseTransactionModes();
                return new TransactionStatement(TransactionKind.Begin) { Position = start, Modes = modes };
            }

            case "start":
            {
                Expect("transaction");
                var modes = ParseTransactionModes();
                return new TransactionStatement(TransactionKind.Start) { Position = start, Modes = modes };
            }

            case "commit" or "end":
            {
                if (t.Text == "commit" && Accept("prepared"))
                {
                    return new TransactionStatement(TransactionKind.CommitPrepared) { Position = start, Name = ParseStringConstant() };
                }

                if (!Accept("work"))
                {
                    Accept("transaction");
                }

                var chain = ParseOptionalChain();
                return new TransactionStatement(TransactionKind.Commit)
                {
                    Position = start,
                    Chain = chain,
                    Spelling = t.Text == "end" ? "end" : null,
                };
            }

            case "rollback" or "abort":
            {
                if (t.Text == "rollback" && Accept("prepared"))
                {
                    return new TransactionStatement(TransactionKind.RollbackPrepared) { Position = start, Name = ParseStringConstant() };
                }

                if (!Accept("work"))
                {
                    Accept("transaction");
                }

                if (t.Text == "rollback" && Accept("to"))
                {
                    Accept("savepoint");
                    return new TransactionStatement(TransactionKind.RollbackTo) { Position = start, Name = ParseColId() };
                }

                var chain = ParseOptionalChain();
                return new TransactionStatement(TransactionKind.Rollback)
                {
                    Position = start,
                    Chain = chain,
                    Spelling = t.Text == "abort" ? "abort" : null,
                };
            }

            case "savepoint":
                return new TransactionStatement(TransactionKind.Savepoint) { Position = start, Name = ParseColId() };
            default:
                Accept("savepoint");
                return new TransactionStatement(TransactionKind.Release) { Position = start, Name = ParseColId() };
        }
    }

    private bool ParseOptionalChain()
    {
        if (!Accept("and"))
        {
            return false;
        }

        var no = Accept("no");
        Expect("chain");
        return !no;
    }

    /// <summary>transaction_mode_list: ISOLATION LEVEL ..., READ ONLY|WRITE, [NOT] DEFERRABLE, optionally comma-separated.</summary>
    private TransactionModes? ParseTransactionModes()
    {
        var start = Current.Start;
        IsolationLevel? isolation = null;
        bool? readOnly = null;
        bool? deferrable = null;
        var any = false;
        while (true)
        {
            if (At("isolation") && Peek(1).Is("level"))
            {
                Advance();
                Advance();
                if (Accept("serializable"))
                {
                    isolation = IsolationLevel.Serializable;
                }
                else if (Accept("repeatable"))
                {
                    Expect("read");
                    isolation = IsolationLevel.RepeatableRead;
                }
                else
                {
                    Expect("read");
                    if (Accept("committed"))
                    {
                        isolation = IsolationLevel.ReadCommitted;
                    }
                    else
                    {
                        Expect("uncommitted");
                        isolation = IsolationLevel.ReadUncommitted;
                    }
                }
            }
            else if (At("read") && (Peek(1).Is("only") || Peek(1).Is("write")))
            {
                Advance();
                readOnly = Advance().Text == "only";
            }
            else if (At("deferrable"))
            {
                Advance();
                deferrable = true;
            }
            else if (At("not") && Peek(1).Is("deferrable"))
            {
                Advance();
                Advance();
                deferrable = false;
            }
            else
            {
                if (any && Previous.Kind == TokenKind.Comma)
                {
                    Fail();
                }

                break;
            }

            any = true;
            Accept(TokenKind.Comma);
        }

        return any ? new TransactionModes(isolation, readOnly, deferrable) { Position = start } : null;
    }

    // ---- SET / SHOW / RESET ------------------------------------------------------------------------------------

    private Statement ParseSet()
    {
        var start = Expect("set").Start;
        var scope = SetScope.Session;
        if (Accept("local"))
        {
            scope = SetScope.Local;
        }
        else if (At("session") && !Peek(1).Is("authorization") && !Peek(1).Is("characteristics"))
        {
            Advance();
        }

        if (At("session") && Peek(1).Is("characteristics"))
        {
            Advance();
            Advance();
            Expect("as");
            Expect("transaction");
            var modes = ParseTransactionModes() ?? Fail<TransactionModes>();
            return new SetTransactionStatement(modes, true) { Position = start };
        }

        if (At("transaction"))
        {
            Advance();
            if (Accept("snapshot"))
            {
                var snapshot = ParseStringConstant();
                return new SetTransactionStatement(new TransactionModes(null, null, null), false) { Position = start, Snapshot = snapshot };
            }

            var modes = ParseTransactionModes() ?? Fail<TransactionModes>();
            return new SetTransactionStatement(modes, false) { Position = start };
        }

        if (At("time") && Peek(1).Is("zone"))
        {
            Advance();
            Advance();
            if (Accept("local") || Accept("default"))
            {
                return new SetStatement(scope, "timezone", [], true) { Position = start };
            }

            OptionValue value;
            if (At("interval"))
            {
                var e = ParseExpr();
                value = e is CastExpr { Operand: StringLiteral s } ? new OptionValue(OptionValueKind.String, s.Value) : Fail<OptionValue>();
            }
            else
            {
                value = ParseSetValue();
            }

            return new SetStatement(scope, "timezone", [value], false) { Position = start };
        }

        if (At("names") && !IsSetAssign(Peek(1)))
        {
            Advance();
            if (Accept("default"))
            {
                return new SetStatement(scope, "client_encoding", [], true) { Position = start };
            }

            var value = ParseSetValue();
            return new SetStatement(scope, "client_encoding", [value], false) { Position = start };
        }

        if (At("schema") && !IsSetAssign(Peek(1)))
        {
            Advance();
            var schema = ParseStringConstant();
            return new SetStatement(scope, "search_path", [new OptionValue(OptionValueKind.String, schema)], false) { Position = start };
        }

        if (At("session") && Peek(1).Is("authorization"))
        {
            Advance();
            Advance();
            if (Accept("default"))
            {
                return new SetStatement(scope, "session_authorization", [], true) { Position = start };
            }

            var v = ParseSetValue();
            return new SetStatement(scope, "session_authorization", [v], false) { Position = start };
        }

        if (At("role") && !IsSetAssign(Peek(1)))
        {
            Advance();
            var v = ParseSetValue();
            return new SetStatement(scope, "role", [v], false) { Position = start };
        }

        if (At("xml") && Peek(1).Is("option"))
        {
            Advance();
            Advance();
            var v = Advance();
            if (!(v.Is("document") || v.Is("content")))
            {
                FailAt(v);
            }

            return new SetStatement(scope, "xmloption", [new OptionValue(OptionValueKind.Word, v.Text)], false) { Position = start };
        }

        var name = ParseVariableName();
        if (!AcceptOp("="))
        {
            Expect("to");
        }

        if (Accept("default"))
        {
            return new SetStatement(scope, name, [], true) { Position = start };
        }

        var values = new List<OptionValue> { ParseSetValue() };
        while (Accept(TokenKind.Comma))
        {
            values.Add(ParseSetValue());
        }

        return new SetStatement(scope, name, values.ToArray(), false) { Position = start };
    }

    private static bool IsSetAssign(Token t) => t.IsOp("=") || t.Is("to");

    /// <summary>var_name: ColId ('.' ColId)*, joined with '.'.</summary>
    private string ParseVariableName()
    {
        var name = ParseColId();
        while (Accept(TokenKind.Dot))
        {
            name += "." + ParseColId();
        }

        return name;
    }

    /// <summary>var_value: ON / TRUE / FALSE / identifiers / keywords, strings, signed numbers.</summary>
    private OptionValue ParseSetValue()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.String:
                Advance();
                return new OptionValue(OptionValueKind.String, t.Text);
            case TokenKind.Integer or TokenKind.Numeric:
                return new OptionValue(OptionValueKind.Number, ParseSignedNumberText());
            case TokenKind.Operator when t.Text is "-" or "+":
                return new OptionValue(OptionValueKind.Number, ParseSignedNumberText());
            case TokenKind.QuotedIdentifier:
                Advance();
                return new OptionValue(OptionValueKind.Word, t.Text);
            case TokenKind.Identifier when t.Keyword != KeywordCategory.Reserved || t.Is("true") || t.Is("false") || t.Is("on"):
                Advance();
                return new OptionValue(OptionValueKind.Word, t.Text);
            default:
                return Fail<OptionValue>();
        }
    }

    private Statement ParseShow()
    {
        var start = Expect("show").Start;
        string name;
        if (Accept("all"))
        {
            name = "all";
        }
        else if (AcceptSequence("time", "zone"))
        {
            name = "timezone";
        }
        else if (At("transaction") && Peek(1).Is("isolation"))
        {
            Advance();
            Advance();
            Expect("level");
            name = "transaction_isolation";
        }
        else if (AcceptSequence("session", "authorization"))
        {
            name = "session_authorization";
        }
        else
        {
            name = ParseVariableName();
        }

        return new ShowStatement(name) { Position = start };
    }

    private string? ParseResetName()
    {
        if (Accept("all"))
        {
            return null;
        }

        if (AcceptSequence("time", "zone"))
        {
            return "timezone";
        }

        if (At("transaction") && Peek(1).Is("isolation"))
        {
            Advance();
            Advance();
            Expect("level");
            return "transaction_isolation";
        }

        if (AcceptSequence("session", "authorization"))
        {
            return "session_authorization";
        }

        return ParseVariableName();
    }

    private Statement ParseDiscard()
    {
        var start = Expect("discard").Start;
        var t = Advance();
        var kind = t.Text switch
        {
            "all" when t.Kind == TokenKind.Identifier => DiscardKind.All,
            "plans" when t.Kind == TokenKind.Identifier => DiscardKind.Plans,
            "sequences" when t.Kind == TokenKind.Identifier => DiscardKind.Sequences,
            "temp" or "temporary" when t.Kind == TokenKind.Identifier => DiscardKind.Temp,
            _ => Fail2<DiscardKind>(t),
        };
        return new DiscardStatement(kind) { Position = start };
    }

    private T Fail2<T>(Token t)
    {
        FailAt(t);
        return default!;
    }

    private Statement ParseDo()
    {
        var start = Expect("do").Start;
        string? language = null;
        string? code = null;
        while (Current.Kind != TokenKind.End && Current.Kind != TokenKind.Semicolon)
        {
            if (Accept("language"))
            {
                language = ParseNonReservedWordOrString();
            }
            else if (Current.Kind == TokenKind.String && code is null)
            {
                code = Advance().Text;
            }
            else
            {
                Fail();
            }
        }

        if (code is null)
        {
            Fail();
        }

        return new DoStatement(code, language) { Position = start };
    }

    private string ParseNonReservedWordOrString() => Current.Kind == TokenKind.String ? Advance().Text : ParseNonReservedWord();
}
