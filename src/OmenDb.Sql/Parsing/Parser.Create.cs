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

        var temp = false;
        var unlogged = false;
        if (Accept("temp") || Accept("temporary"))
        {
            temp = true;
        }
        else if ((At("local") || At("global")) && (Peek(1).Is("temp") || Peek(1).Is("temporary")))
        {
            Advance();
            Advance();
            temp = true;
        }
        else if (Accept("unlogged"))
        {
            unlogged = true;
        }

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

    private ColumnDef ParseColumnDef()
    {
        var t = Current;
        var name = ParseColId();
        var type = ParseTypeName();
        QualifiedName? collation = null;
        if (Accept("compression"))
        {
            ParseColId();
        }

        var constraints = new List<Constraint>();
        while (true)
        {
            if (Accept("collate"))
            {
                collation = ParseQualifiedName();
                continue;
            }

            var c = TryParseColumnConstraint();
            if (c is null)
            {
                break;
            }

            if (c.Kind == ConstraintKind.Default && c.Expression is CollateExpr ce)
            {
                // DEFAULT takes a b_expr, which has no COLLATE: the clause belongs to the column.
                collation = ce.Collation;
                c = c with { Expression = ce.Operand };
            }

            constraints.Add(c);
        }

        return new ColumnDef(name, type, constraints.ToArray()) { Position = t.Start, Collation = collation };
    }

    /// <summary>A column constraint, a constraint attribute applied to the previous one, or null at the end.</summary>
    private Constraint? TryParseColumnConstraint()
    {
        var start = Current.Start;
        string? name = null;
        if (Accept("constraint"))
        {
            name = ParseColId();
        }

        var t = Current;
        Constraint c;
        if (t.Is("not") && Peek(1).Is("null"))
        {
            Advance();
            Advance();
            c = new Constraint(ConstraintKind.NotNull);
        }
        else if (t.Is("null"))
        {
            Advance();
            c = new Constraint(ConstraintKind.Null);
        }
        else if (t.Is("default"))
        {
            Advance();
            c = new Constraint(ConstraintKind.Default) { Expression = ParseExpr(Prec.Like) };
        }
        else if (t.Is("unique"))
        {
            Advance();
            c = ParseIndexConstraintTail(new Constraint(ConstraintKind.Unique), columns: false);
        }
        else if (t.Is("primary"))
        {
            Advance();
            Expect("key");
            c = ParseIndexConstraintTail(new Constraint(ConstraintKind.PrimaryKey), columns: false);
        }
        else if (t.Is("check"))
        {
            c = ParseCheckTail();
        }
        else if (t.Is("references"))
        {
            c = new Constraint(ConstraintKind.ForeignKey) { References = ParseReferences() };
        }
        else if (t.Is("generated"))
        {
            Advance();
            IdentityKind kind;
            if (Accept("always"))
            {
                kind = IdentityKind.Always;
            }
            else
            {
                Expect("by");
                Expect("default");
                kind = IdentityKind.ByDefault;
            }

            Expect("as");
            if (Accept("identity"))
            {
                var options = Current.Kind == TokenKind.LParen ? ParseSequenceOptions(parenthesized: true) : [];
                c = new Constraint(ConstraintKind.Identity) { Identity = kind, SequenceOptions = options };
            }
            else
            {
                if (kind != IdentityKind.Always)
                {
                    Fail();
                }

                Expect(TokenKind.LParen);
                var e = ParseExpr();
                Expect(TokenKind.RParen);
                Expect("stored");
                c = new Constraint(ConstraintKind.Generated) { Expression = e };
            }
        }
        else if (name is null && (t.Is("deferrable") || t.Is("initially") || (t.Is("not") && Peek(1).Is("deferrable"))))
        {
            // Constraint attributes modify the preceding constraint; represented by re-parsing in the caller.
            return Fail<Constraint>();
        }
        else
        {
            if (name is not null)
            {
                Fail();
            }

            return null;
        }

        c = ParseConstraintAttributes(c);
        return c with { Name = name, Position = start };
    }

    private Constraint ParseCheckTail()
    {
        Expect("check");
        Expect(TokenKind.LParen);
        var e = ParseExpr();
        Expect(TokenKind.RParen);
        var noInherit = AcceptSequence("no", "inherit");
        return new Constraint(ConstraintKind.Check) { Expression = e, NoInherit = noInherit };
    }

    /// <summary>UNIQUE / PRIMARY KEY after the keywords: [NULLS [NOT] DISTINCT] [(cols)] [INCLUDE (...)] [WITH (...)] [USING INDEX TABLESPACE t].</summary>
    private Constraint ParseIndexConstraintTail(Constraint c, bool columns)
    {
        if (c.Kind == ConstraintKind.Unique && At("nulls"))
        {
            Advance();
            var not = Accept("not");
            Expect("distinct");
            c = c with { NullsNotDistinct = not };
        }

        if (columns)
        {
            c = c with { Columns = ParseParenthesizedNameList() };
        }

        if (Accept("include"))
        {
            c = c with { Include = ParseParenthesizedNameList() };
        }

        if (At("with") && Peek(1).Kind == TokenKind.LParen)
        {
            Advance();
            c = c with { IndexOptions = ParseDefElemList() };
        }

        if (At("using") && Peek(1).Is("index"))
        {
            Advance();
            Advance();
            Expect("tablespace");
            ParseColId();
        }

        return c;
    }

    private Constraint ParseConstraintAttributes(Constraint c)
    {
        while (true)
        {
            if (Accept("deferrable"))
            {
                c = c with { Deferrable = true };
            }
            else if (At("not") && Peek(1).Is("deferrable"))
            {
                Advance();
                Advance();
                c = c with { Deferrable = false };
            }
            else if (Accept("initially"))
            {
                if (Accept("deferred"))
                {
                    c = c with { InitiallyDeferred = true };
                }
                else
                {
                    Expect("immediate");
                    c = c with { InitiallyDeferred = false };
                }
            }
            else if (At("not") && Peek(1).Is("valid"))
            {
                Advance();
                Advance();
                c = c with { NotValid = true };
            }
            else
            {
                return c;
            }
        }
    }

    private ForeignKeyReference ParseReferences()
    {
        var start = Expect("references").Start;
        var table = ParseQualifiedName();
        string[] columns = Current.Kind == TokenKind.LParen ? ParseParenthesizedNameList() : [];
        var fk = new ForeignKeyReference(table, columns) { Position = start };
        while (true)
        {
            if (Accept("match"))
            {
                var m = Advance();
                fk = fk with
                {
                    Match = m.Text switch
                    {
                        "full" => ForeignKeyMatch.Full,
                        "partial" => ForeignKeyMatch.Partial,
                        "simple" => ForeignKeyMatch.Simple,
                        _ => Fail2<ForeignKeyMatch>(m),
                    },
                };
            }
            else if (At("on") && (Peek(1).Is("delete") || Peek(1).Is("update")))
            {
                Advance();
                var isDelete = Advance().Text == "delete";
                var action = ParseReferentialAction();
                fk = isDelete ? fk with { OnDelete = action } : fk with { OnUpdate = action };
            }
            else
            {
                return fk;
            }
        }
    }

    private ReferentialAction ParseReferentialAction()
    {
        if (Accept("cascade"))
        {
            return ReferentialAction.Cascade;
        }

        if (Accept("restrict"))
        {
            return ReferentialAction.Restrict;
        }

        if (AcceptSequence("no", "action"))
        {
            return ReferentialAction.NoAction;
        }

        Expect("set");
        ReferentialAction action;
        if (Accept("null"))
        {
            action = ReferentialAction.SetNull;
        }
        else
        {
            Expect("default");
            action = ReferentialAction.SetDefault;
        }

        if (Current.Kind == TokenKind.LParen)
        {
            ParseParenthesizedNameList();
        }

        return action;
    }

    /// <summary>TableConstraint: [CONSTRAINT name] CHECK | UNIQUE | PRIMARY KEY | FOREIGN KEY.</summary>
    private Constraint ParseTableConstraint()
    {
        var start = Current.Start;
        string? name = null;
        if (Accept("constraint"))
        {
            name = ParseColId();
        }

        var t = Current;
        Constraint c;
        if (t.Is("check"))
        {
            c = ParseCheckTail();
        }
        else if (t.Is("unique"))
        {
            Advance();
            c = ParseIndexConstraintTail(new Constraint(ConstraintKind.Unique), columns: true);
        }
        else if (t.Is("primary"))
        {
            Advance();
            Expect("key");
            c = ParseIndexConstraintTail(new Constraint(ConstraintKind.PrimaryKey), columns: true);
        }
        else if (t.Is("foreign"))
        {
            Advance();
            Expect("key");
            var columns = ParseParenthesizedNameList();
            c = new Constraint(ConstraintKind.ForeignKey) { Columns = columns, References = ParseReferences() };
        }
        else
        {
            return Fail<Constraint>();
        }

        c = ParseConstraintAttributes(c);
        return c with { Name = name, Position = start };
    }
}
