using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>ALTER TABLE / INDEX / VIEW / SEQUENCE / SCHEMA / ROLE and DROP.</summary>
internal sealed partial class Parser
{
    private Statement ParseAlter()
    {
        var start = Expect("alter").Start;
        var t = Current;
        ObjectKind kind;
        if (t.Is("table"))
        {
            kind = ObjectKind.Table;
        }
        else if (t.Is("index"))
        {
            kind = ObjectKind.Index;
        }
        else if (t.Is("view"))
        {
            kind = ObjectKind.View;
        }
        else if (t.Is("materialized") && Peek(1).Is("view"))
        {
            Advance();
            kind = ObjectKind.MaterializedView;
        }
        else if (t.Is("sequence"))
        {
            kind = ObjectKind.Sequence;
        }
        else if (t.Is("schema"))
        {
            kind = ObjectKind.Schema;
        }
        else if (t.Is("role") || t.Is("user") || t.Is("group"))
        {
            return ParseAlterRole(start);
        }
        else if (t.Kind == TokenKind.Identifier && (IsUnsupportedObjectWord(t.Text) || t.Is("database") || t.Is("extension")))
        {
            return ParseUnsupported(start, "ALTER");
        }
        else
        {
            return Fail<Statement>();
        }

        Advance();
        var ifExists = kind != ObjectKind.Schema && ParseIfExists();
        var only = kind == ObjectKind.Table && Accept("only");
        var name = ParseQualifiedName();
        if (kind == ObjectKind.Table)
        {
            AcceptOp("*");
        }

        if (kind == ObjectKind.Sequence)
        {
            var options = ParseSequenceOptions(parenthesized: false);
            if (options.Length > 0)
            {
                return new AlterSequenceStatement(name, options) { Position = start, IfExists = ifExists };
            }
        }

        var actions = new List<AlterTableAction>();
        do
        {
            actions.Add(ParseAlterAction(kind));
        }
        while (Accept(TokenKind.Comma));

        return new AlterTableStatement(name, actions.ToArray()) { Position = start, RelationKind = kind, IfExists = ifExists, Only = only };
    }

    private AlterTableAction ParseAlterAction(ObjectKind kind)
    {
        var t = Current;
        var start = t.Start;
        if (t.Is("rename"))
        {
            Advance();
            if (Accept("to"))
            {
                return new RenameRelationAction(ParseColId()) { Position = start };
            }

            if (kind == ObjectKind.Table || kind == ObjectKind.View || kind == ObjectKind.MaterializedView)
            {
                if (Accept("constraint"))
                {
                    var oldName = ParseColId();
                    Expect("to");
                    return new RenameConstraintAction(oldName, ParseColId()) { Position = start };
                }

                Accept("column");
                var old = ParseColId();
                Expect("to");
                return new RenameColumnAction(old, ParseColId()) { Position = start };
            }

            return Fail<AlterTableAction>();
        }

        if (t.Is("owner") && Peek(1).Is("to"))
        {
            Advance();
            Advance();
            return new OwnerToAction(ParseRoleSpec()) { Position = start };
        }

        if (t.Is("set") && Peek(1).Is("schema"))
        {
            Advance();
            Advance();
            return new SetSchemaAction(ParseColId()) { Position = start };
        }

        if ((t.Is("set") || t.Is("reset")) && Peek(1).Kind == TokenKind.LParen)
        {
            Advance();
            return new SetOptionsAction(ParseDefElemList(), t.Is("reset")) { Position = start };
        }

        if (kind is ObjectKind.Schema or ObjectKind.Sequence or ObjectKind.Index)
        {
            return ParseGenericAlterAction();
        }

        if (t.Is("add"))
        {
            Advance();
            var n = Current;
            if (n.Is("constraint") || n.Is("primary") || n.Is("unique") || n.Is("check") || n.Is("foreign") || n.Is("exclude"))
            {
                return new AddConstraintAction(ParseTableConstraint()) { Position = start };
            }

            Accept("column");
            var ifNotExists = ParseIfNotExists();
            return new AddColumnAction(ParseColumnDef(), ifNotExists) { Position = start };
        }

        if (t.Is("drop"))
        {
            Advance();
            if (Accept("constraint"))
            {
                var ifExists = ParseIfExists();
                var name = ParseColId();
                return new DropConstraintAction(name, ifExists, ParseDropBehavior()) { Position = start };
            }

            Accept("column");
            var colIfExists = ParseIfExists();
            var column = ParseColId();
            return new DropColumnAction(column, colIfExists, ParseDropBehavior()) { Position = start };
        }

        if (t.Is("alter") && !Peek(1).Is("constraint"))
        {
            Advance();
            Accept("column");
            var column = ParseColId();
            return ParseAlterColumn(column, start);
        }

        if (t.Is("validate") && Peek(1).Is("constraint"))
        {
            Advance();
            Advance();
            return new ValidateConstraintAction(ParseColId()) { Position = start };
        }

        return ParseGenericAlterAction();
    }

    private AlterTableAction ParseAlterColumn(string column, int start)
    {
        if (At("type") || (At("set") && Peek(1).Is("data")))
        {
            if (Accept("set"))
            {
                Expect("data");
            }

            Expect("type");
            var type = ParseTypeName();
            QualifiedName? collation = null;
            if (Accept("collate"))
            {
                collation = ParseQualifiedName();
            }

            var usingExpr = Accept("using") ? ParseExpr() : null;
            return new AlterColumnTypeAction(column, type, usingExpr) { Position = start, Collation = collation };
        }

        if (At("set") && Peek(1).Is("default"))
        {
            Advance();
            Advance();
            return new AlterColumnDefaultAction(column, ParseExpr()) { Position = start };
        }

        if (At("drop") && Peek(1).Is("default"))
        {
            Advance();
            Advance();
            return new AlterColumnDefaultAction(column, null) { Position = start };
        }

        if ((At("set") || At("drop")) && Peek(1).Is("not") && Peek(2).Is("null"))
        {
            var set = Advance().Text == "set";
            Advance();
            Advance();
            return new AlterColumnNotNullAction(column, set) { Position = start };
        }

        if (At("add") && Peek(1).Is("generated"))
        {
            Advance();
            Advance();
            var kind = ParseGeneratedWhen();
            Expect("identity");
            var options = Current.Kind == TokenKind.LParen ? ParseSequenceOptions(parenthesized: true) : [];
            return new AlterColumnAddIdentityAction(column, kind, options) { Position = start };
        }

        if (At("drop") && Peek(1).Is("identity"))
        {
            Advance();
            Advance();
            return new AlterColumnDropIdentityAction(column, ParseIfExists()) { Position = start };
        }

        if (At("drop") && Peek(1).Is("expression"))
        {
            Advance();
            Advance();
            return new AlterColumnDropExpressionAction(column, ParseIfExists()) { Position = start };
        }

        if ((At("set") || At("reset")) && Peek(1).Kind == TokenKind.LParen)
        {
            var reset = Advance().Text == "reset";
            return new AlterColumnOptionsAction(column, ParseDefElemList(), reset) { Position = start };
        }

        if (At("set") && (Peek(1).Is("statistics") || Peek(1).Is("storage") || Peek(1).Is("compression")))
        {
            Advance();
            var what = Advance();
            var value = ParseOptionValue();
            return new AlterColumnOptionsAction(column, [new DefElem(what.Text, value) { Position = what.Start }], false) { Position = start };
        }

        // Identity changes: SET GENERATED ..., SET seq_option, RESTART [WITH n], possibly repeated.
        IdentityKind? identity = null;
        var seqOptions = new List<SequenceOption>();
        while (true)
        {
            if (At("set") && Peek(1).Is("generated"))
            {
                Advance();
                Advance();
                if (Accept("always"))
                {
                    identity = IdentityKind.Always;
                }
                else
                {
                    Expect("by");
                    Expect("default");
                    identity = IdentityKind.ByDefault;
                }
            }
            else if (At("set"))
            {
                Advance();
                var o = TryParseSequenceOption() ?? Fail<SequenceOption>();
                seqOptions.Add(o);
            }
            else if (At("restart"))
            {
                seqOptions.Add(TryParseSequenceOption()!);
            }
            else
            {
                break;
            }
        }

        if (identity is null && seqOptions.Count == 0)
        {
            Fail();
        }

        return new AlterColumnSetIdentityAction(column, identity, seqOptions.ToArray()) { Position = start };
    }

    /// <summary>Actions without effect here: the tokens up to the next ',' or the statement end, lower-cased.</summary>
    private AlterTableAction ParseGenericAlterAction()
    {
        var t = Current;
        if (!(t.Is("enable") || t.Is("disable") || t.Is("replica") || t.Is("cluster") || t.Is("set") || t.Is("force")
              || t.Is("no") || t.Is("inherit") || t.Is("alter")))
        {
            Fail();
        }

        var parts = new List<string>();
        var depth = 0;
        while (Current.Kind != TokenKind.End && Current.Kind != TokenKind.Semicolon && !(depth == 0 && Current.Kind == TokenKind.Comma))
        {
            if (Current.Kind == TokenKind.LParen)
            {
                depth++;
            }
            else if (Current.Kind == TokenKind.RParen)
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }

            var tok = Advance();
            parts.Add(tok.Kind == TokenKind.Identifier ? tok.Text : Source[tok.Start..tok.End]);
        }

        return new GenericAlterAction(string.Join(' ', parts)) { Position = t.Start };
    }

    private DropBehavior ParseDropBehavior()
    {
        if (Accept("cascade"))
        {
            return DropBehavior.Cascade;
        }

        return Accept("restrict") ? DropBehavior.Restrict : DropBehavior.Default;
    }

    private Statement ParseAlterRole(int start)
    {
        var keyword = Advance().Text switch
        {
            "role" => RoleKeyword.Role,
            "user" => RoleKeyword.User,
            _ => RoleKeyword.Group,
        };
        var name = ParseRoleSpec();
        if (Accept("rename"))
        {
            Expect("to");
            return new AlterRoleStatement(keyword, name, []) { Position = start, NewName = ParseNonReservedWord() };
        }

        string? database = null;
        if (At("in") && Peek(1).Is("database"))
        {
            Advance();
            Advance();
            database = ParseColId();
        }

        if (At("set") || At("reset"))
        {
            var setStart = Current.Start;
            Statement set;
            if (Accept("reset"))
            {
                set = new ResetStatement(ParseResetName()) { Position = setStart };
            }
            else
            {
                set = ParseSet();
            }

            return new AlterRoleStatement(keyword, name, []) { Position = start, Set = set, Database = database };
        }

        if (database is not null)
        {
            Fail();
        }

        Accept("with");
        var options = ParseRoleOptions(create: false);
        if (options.Length == 0)
        {
            Fail();
        }

        return new AlterRoleStatement(keyword, name, options) { Position = start };
    }

    private Statement ParseDrop()
    {
        var start = Expect("drop").Start;
        var t = Advance();
        if (ObjectKindAfter(t) is not { } kind || kind is ObjectKind.Column or ObjectKind.Constraint or ObjectKind.Trigger)
        {
            if (t.Kind == TokenKind.Identifier && IsUnsupportedObjectWord(t.Text))
            {
                _index--;
                return ParseUnsupported(start, "DROP");
            }

            FailAt(t);
            return null!;
        }

        if (t.Kind != TokenKind.Identifier)
        {
            FailAt(t);
        }

        var concurrently = kind == ObjectKind.Index && Accept("concurrently");
        var ifExists = ParseIfExists();
        var names = new List<QualifiedName>();
        do
        {
            if (kind is ObjectKind.Role or ObjectKind.User or ObjectKind.Group)
            {
                var r = Current;
                names.Add(QualifiedName.Of(ParseRoleSpec(), r.Start));
                continue;
            }

            names.Add(ParseQualifiedName());
            if (kind is ObjectKind.Function or ObjectKind.Procedure && Current.Kind == TokenKind.LParen)
            {
                SkipParenthesized();
            }
        }
        while (kind != ObjectKind.Database && Accept(TokenKind.Comma));

        var force = false;
        if (kind == ObjectKind.Database)
        {
            if (At("with") || Current.Kind == TokenKind.LParen)
            {
                Accept("with");
                Expect(TokenKind.LParen);
                do
                {
                    Expect("force");
                    force = true;
                }
                while (Accept(TokenKind.Comma));

                Expect(TokenKind.RParen);
            }

            return new DropStatement(kind, names.ToArray()) { Position = start, IfExists = ifExists, Force = force };
        }

        var behavior = kind is ObjectKind.Role or ObjectKind.User or ObjectKind.Group ? DropBehavior.Default : ParseDropBehavior();
        return new DropStatement(kind, names.ToArray())
        {
            Position = start,
            IfExists = ifExists,
            Behavior = behavior,
            Concurrently = concurrently,
        };
    }

    /// <summary>Skips a balanced parenthesised token group (function argument lists in DROP/COMMENT/GRANT).</summary>
    private void SkipParenthesized()
    {
        Expect(TokenKind.LParen);
        var depth = 1;
        while (depth > 0)
        {
            var tok = Advance();
            if (tok.Kind == TokenKind.End)
            {
                FailAt(tok);
            }

            if (tok.Kind == TokenKind.LParen)
            {
                depth++;
            }
            else if (tok.Kind == TokenKind.RParen)
            {
                depth--;
            }
        }
    }
}
