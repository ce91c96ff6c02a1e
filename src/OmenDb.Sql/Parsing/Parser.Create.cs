using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>CREATE TABLE / INDEX / VIEW / SEQUENCE / SCHEMA / EXTENSION / DATABASE / ROLE.</summary>
internal sealed partial class Parser
{
    private Statement ParseCreate()
    {
        var start = Expect("create").Start;
        var orReplace = false;
        if (At("or") && Peek(1).Is("replace"))
        {
            Advance();
            Advance();
            orReplace = true;
        }

        var (temp, unlogged) = ParsePersistence();

        var t = Current;
        if (t.Is("table") && !orReplace)
        {
            Advance();
            return ParseCreateTable(start, temp, unlogged);
        }

        if ((t.Is("index") || (t.Is("unique") && Peek(1).Is("index"))) && !orReplace && !temp && !unlogged)
        {
            return ParseCreateIndex(start);
        }

        if (t.Is("view") || (t.Is("recursive") && Peek(1).Is("view")))
        {
            return ParseCreateView(start, orReplace, temp);
        }

        if (t.Is("materialized") && Peek(1).Is("view") && !orReplace && !temp)
        {
            Advance();
            Advance();
            var ifNotExists = ParseIfNotExists();
            var name = ParseQualifiedName();
            string[] columns = Current.Kind == TokenKind.LParen ? ParseParenthesizedNameList() : [];
            if (Accept("with"))
            {
                ParseDefElemList();
            }

            Expect("as");
            var query = ParseSelectStatement();
            var withData = ParseOptionalWithData();
            return new CreateMaterializedViewStatement(name, columns, query) { Position = start, IfNotExists = ifNotExists, WithData = withData };
        }

        if (t.Is("sequence") && !orReplace)
        {
            Advance();
            var ifNotExists = ParseIfNotExists();
            var name = ParseQualifiedName();
            var options = ParseSequenceOptions(parenthesized: false);
            return new CreateSequenceStatement(name, options) { Position = start, Temporary = temp, IfNotExists = ifNotExists };
        }

        if (IsUnsupportedObjectWord(t.Text) && t.Kind == TokenKind.Identifier && !temp && !unlogged
            || (t.Is("constraint") && Peek(1).Is("trigger")) || (t.Is("unique") && !Peek(1).Is("index")))
        {
            return ParseUnsupported(start, "CREATE");
        }

        if (orReplace || temp || unlogged)
        {
            Fail();
        }

        switch (t.Text)
        {
            case "schema" when t.Kind == TokenKind.Identifier:
            {
                Advance();
                var ifNotExists = ParseIfNotExists();
                string? name = null;
                string? authorization = null;
                if (!At("authorization"))
                {
                    name = ParseColId();
                }

                if (Accept("authorization"))
                {
                    authorization = ParseRoleSpec();
                }

                return new CreateSchemaStatement(name) { Position = start, IfNotExists = ifNotExists, Authorization = authorization };
            }

            case "extension" when t.Kind == TokenKind.Identifier:
            {
                Advance();
                var ifNotExists = ParseIfNotExists();
                var name = ParseColId();
                Accept("with");
                var stmt = new CreateExtensionStatement(name) { Position = start, IfNotExists = ifNotExists };
                while (true)
                {
                    if (Accept("schema"))
                    {
                        stmt = stmt with { Schema = ParseColId() };
                    }
                    else if (Accept("version"))
                    {
                        stmt = stmt with { Version = ParseNonReservedWordOrString() };
                    }
                    else if (Accept("cascade"))
                    {
                        stmt = stmt with { Cascade = true };
                    }
                    else
                    {
                        return stmt;
                    }
                }
            }

            case "database" when t.Kind == TokenKind.Identifier:
            {
                Advance();
                var name = ParseColId();
                Accept("with");
                var options = new List<DefElem>();
                while (Current.Kind == TokenKind.Identifier || Current.Kind == TokenKind.QuotedIdentifier)
                {
                    var o = Current;
                    string optName;
                    if (AcceptSequence("connection", "limit"))
                    {
                        optName = "connection_limit";
                    }
                    else
                    {
                        optName = ParseColLabel();
                    }

                    AcceptOp("=");
                    OptionValue value = Accept("default") ? new OptionValue(OptionValueKind.Word, "default") : ParseSetValue();
                    options.Add(new DefElem(optName, value) { Position = o.Start });
                }

                return new CreateDatabaseStatement(name, options.ToArray()) { Position = start };
            }

            case "role" or "user" or "group" when t.Kind == TokenKind.Identifier:
            {
                Advance();
                var keyword = t.Text switch
                {
                    "role" => RoleKeyword.Role,
                    "user" => RoleKeyword.User,
                    _ => RoleKeyword.Group,
                };
                var name = ParseNonReservedWord();
                Accept("with");
                return new CreateRoleStatement(keyword, name, ParseRoleOptions(create: true)) { Position = start };
            }

            default:
                return Fail<Statement>();
        }
    }

    private bool ParseIfNotExists()
    {
        if (At("if") && Peek(1).Is("not") && Peek(2).Is("exists"))
        {
            Advance();
            Advance();
            Advance();
            return true;
        }

        return false;
    }

    private bool ParseIfExists()
    {
        if (At("if") && Peek(1).Is("exists"))
        {
            Advance();
            Advance();
            return true;
        }

        return false;
    }

    private bool ParseOptionalWithData()
    {
        if (At("with") && Peek(1).Is("data"))
        {
            Advance();
            Advance();
            return true;
        }

        if (At("with") && Peek(1).Is("no") && Peek(2).Is("data"))
        {
            Advance();
            Advance();
            Advance();
            return false;
        }

        return true;
    }

    private Statement ParseCreateTable(int start, bool temp, bool unlogged)
    {
        var ifNotExists = ParseIfNotExists();
        var name = ParseQualifiedName();

        // CREATE TABLE name [(cols)] AS query: a column-name list followed by AS.
        if (At("as") || (Current.Kind == TokenKind.LParen && IsCreateTableAsColumnList()))
        {
            string[] columns = Current.Kind == TokenKind.LParen ? ParseParenthesizedNameList() : [];
            DefElem[] asOptions = [];
            if (At("with") && Peek(1).Kind == TokenKind.LParen)
            {
                Advance();
                asOptions = ParseDefElemList();
            }

            Expect("as");
            var query = ParseSelectStatement();
            var withData = ParseOptionalWithData();
            return new CreateTableAsStatement(name, columns, query)
            {
                Position = start,
                Temporary = temp,
                Unlogged = unlogged,
                IfNotExists = ifNotExists,
                Options = asOptions,
                WithData = withData,
            };
        }

        QualifiedName? partitionOf = null;
        if (At("partition") && Peek(1).Is("of"))
        {
            Advance();
            Advance();
            partitionOf = ParseQualifiedName();
        }

        var elements = new List<TableElement>();
        if (partitionOf is null || Current.Kind == TokenKind.LParen)
        {
            Expect(TokenKind.LParen);
            if (Current.Kind != TokenKind.RParen)
            {
                do
                {
                    elements.Add(ParseTableElement());
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RParen);
        }

        var stmt = new CreateTableStatement(name, elements.ToArray())
        {
            Position = start,
            Temporary = temp,
            Unlogged = unlogged,
            IfNotExists = ifNotExists,
            PartitionOf = partitionOf,
        };

        if (partitionOf is not null)
        {
            stmt = stmt with { Bound = ParsePartitionBound() };
        }

        if (At("partition") && Peek(1).Is("by"))
        {
            var p = Advance();
            Advance();
            var strategy = ParseColId();
            stmt = stmt with { PartitionBy = new PartitionSpec(strategy, ParseIndexElements()) { Position = p.Start } };
        }

        if (At("using") && !Peek(1).Is("index"))
        {
            Advance();
            ParseColId();
        }

        if (At("with") && Peek(1).Kind == TokenKind.LParen)
        {
            Advance();
            stmt = stmt with { Options = ParseDefElemList() };
        }
        else if (At("without") && Peek(1).Is("oids"))
        {
            Advance();
            Advance();
        }

        if (At("on") && Peek(1).Is("commit"))
        {
            Advance();
            Advance();
            OnCommitAction action;
            if (Accept("drop"))
            {
                action = OnCommitAction.Drop;
            }
            else if (Accept("delete"))
            {
                Expect("rows");
                action = OnCommitAction.DeleteRows;
            }
            else
            {
                Expect("preserve");
                Expect("rows");
                action = OnCommitAction.PreserveRows;
            }

            stmt = stmt with { OnCommit = action };
        }

        if (Accept("tablespace"))
        {
            stmt = stmt with { Tablespace = ParseColId() };
        }

        return stmt;
    }

    /// <summary>FOR VALUES IN (...) | FROM (...) TO (...) | WITH (MODULUS m, REMAINDER r), or DEFAULT.</summary>
    private PartitionBound ParsePartitionBound()
    {
        var start = Current.Start;
        if (Accept("default"))
        {
            return new PartitionBound(PartitionBoundKind.Default) { Position = start };
        }

        Expect("for");
        Expect("values");
        if (Accept("in"))
        {
            Expect(TokenKind.LParen);
            var values = ParseExprList();
            Expect(TokenKind.RParen);
            return new PartitionBound(PartitionBoundKind.List) { Position = start, Values = values };
        }

        if (Accept("from"))
        {
            Expect(TokenKind.LParen);
            var from = ParseExprList();
            Expect(TokenKind.RParen);
            Expect("to");
            Expect(TokenKind.LParen);
            var to = ParseExprList();
            Expect(TokenKind.RParen);
            return new PartitionBound(PartitionBoundKind.Range) { Position = start, From = from, To = to };
        }

        Expect("with");
        Expect(TokenKind.LParen);
        Expect("modulus");
        var modulus = ParseIntConstant();
        Expect(TokenKind.Comma);
        Expect("remainder");
        var remainder = ParseIntConstant();
        Expect(TokenKind.RParen);
        return new PartitionBound(PartitionBoundKind.Hash) { Position = start, Modulus = modulus, Remainder = remainder };
    }

    /// <summary>True when '(' name, name ')' is followed by AS or WITH (CREATE TABLE AS with a column list).</summary>
    private bool IsCreateTableAsColumnList()
    {
        var k = 1;
        while (true)
        {
            if (!IsColId(Peek(k)))
            {
                return false;
            }

            var sep = Peek(k + 1);
            if (sep.Kind == TokenKind.RParen)
            {
                var after = Peek(k + 2);
                return after.Is("as") || (after.Is("with") && Peek(k + 3).Kind == TokenKind.LParen);
            }

            if (sep.Kind != TokenKind.Comma)
            {
                return false;
            }

            k += 2;
        }
    }

    private TableElement ParseTableElement()
    {
        var t = Current;
        if (t.Is("like"))
        {
            Advance();
            var source = ParseQualifiedName();
            var including = new List<string>();
            var excluding = new List<string>();
            while (At("including") || At("excluding"))
            {
                var inc = Advance().Text == "including";
                var what = ParseColLabel();
                (inc ? including : excluding).Add(what);
            }

            return new TableLikeClause(source) { Position = t.Start, Including = including.ToArray(), Excluding = excluding.ToArray() };
        }

        if (t.Is("constraint") || t.Is("primary") || t.Is("unique") || t.Is("check") || t.Is("foreign") || t.Is("exclude"))
        {
            return ParseTableConstraint();
        }

        return ParseColumnDef();
    }
}
