using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>Column definitions and column / table constraints.</summary>
internal sealed partial class Parser
{
    /// <summary>ALWAYS | BY DEFAULT, then AS, after GENERATED (identity and generated columns).</summary>
    private IdentityKind ParseGeneratedWhen()
    {
        var kind = IdentityKind.Always;
        if (!Accept("always"))
        {
            Expect("by");
            Expect("default");
            kind = IdentityKind.ByDefault;
        }

        Expect("as");
        return kind;
    }

    /// <summary>UNIQUE ... or PRIMARY KEY ..., with a column list in a table constraint (<paramref name="columns"/>).</summary>
    private Constraint ParseUniqueOrPrimaryKey(bool columns)
    {
        if (Accept("unique"))
        {
            return ParseIndexConstraintTail(new Constraint(ConstraintKind.Unique), columns);
        }

        Expect("primary");
        Expect("key");
        return ParseIndexConstraintTail(new Constraint(ConstraintKind.PrimaryKey), columns);
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
        else if (t.Is("unique") || t.Is("primary"))
        {
            c = ParseUniqueOrPrimaryKey(columns: false);
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
            var kind = ParseGeneratedWhen();
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
        else if (t.Is("unique") || t.Is("primary"))
        {
            c = ParseUniqueOrPrimaryKey(columns: true);
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
