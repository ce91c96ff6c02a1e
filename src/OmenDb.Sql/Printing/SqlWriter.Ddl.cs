using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Printing;

/// <summary>CREATE / ALTER / DROP, constraints, sequence and role options, GRANT, COMMENT.</summary>
internal sealed partial class SqlWriter
{
    private void CreateTable(CreateTableStatement c)
    {
        Append("CREATE ");
        if (c.Temporary)
        {
            Append("TEMPORARY ");
        }
        else if (c.Unlogged)
        {
            Append("UNLOGGED ");
        }

        Append("TABLE ");
        if (c.IfNotExists)
        {
            Append("IF NOT EXISTS ");
        }

        Name(c.Name);
        if (c.PartitionOf is not null)
        {
            Append(" PARTITION OF ");
            Name(c.PartitionOf);
        }

        if (c.PartitionOf is null || c.Elements.Count > 0)
        {
            Append(" (");
            List(c.Elements, TableElement);
            Append(')');
        }

        if (c.Bound is { } b)
        {
            switch (b.Kind)
            {
                case PartitionBoundKind.Default:
                    Append(" DEFAULT");
                    break;
                case PartitionBoundKind.List:
                    Append(" FOR VALUES IN (");
                    ExprList(b.Values);
                    Append(')');
                    break;
                case PartitionBoundKind.Range:
                    Append(" FOR VALUES FROM (");
                    ExprList(b.From);
                    Append(") TO (");
                    ExprList(b.To);
                    Append(')');
                    break;
                default:
                    Append($" FOR VALUES WITH (MODULUS {b.Modulus}, REMAINDER {b.Remainder})");
                    break;
            }
        }

        if (c.PartitionBy is { } p)
        {
            Append(" PARTITION BY ").Append(p.Strategy.ToUpperInvariant()).Append(" (");
            List(p.Keys, IndexElement);
            Append(')');
        }

        if (c.Options.Count > 0)
        {
            Append(" WITH ");
            DefElemList(c.Options);
        }

        Append(c.OnCommit switch
        {
            OnCommitAction.PreserveRows => " ON COMMIT PRESERVE ROWS",
            OnCommitAction.DeleteRows => " ON COMMIT DELETE ROWS",
            OnCommitAction.Drop => " ON COMMIT DROP",
            _ => "",
        });
        if (c.Tablespace is not null)
        {
            Append(" TABLESPACE ");
            Ident(c.Tablespace);
        }
    }

    private void CreateTableAs(CreateTableAsStatement c)
    {
        Append("CREATE ");
        if (c.Temporary)
        {
            Append("TEMPORARY ");
        }
        else if (c.Unlogged)
        {
            Append("UNLOGGED ");
        }

        Append("TABLE ");
        if (c.IfNotExists)
        {
            Append("IF NOT EXISTS ");
        }

        Name(c.Name);
        if (c.Columns.Count > 0)
        {
            Append(' ');
            ParenIdentList(c.Columns);
        }

        if (c.Options.Count > 0)
        {
            Append(" WITH ");
            DefElemList(c.Options);
        }

        Append(" AS ");
        Select(c.Query);
        if (!c.WithData)
        {
            Append(" WITH NO DATA");
        }
    }

    private void TableElement(TableElement e)
    {
        switch (e)
        {
            case ColumnDef c:
                ColumnDef(c);
                break;
            case Constraint c:
                Constraint(c, table: true);
                break;
            case TableLikeClause l:
                Append("LIKE ");
                Name(l.Source);
                foreach (var i in l.Including)
                {
                    Append(" INCLUDING ").Append(i.ToUpperInvariant());
                }

                foreach (var x in l.Excluding)
                {
                    Append(" EXCLUDING ").Append(x.ToUpperInvariant());
                }

                break;
        }
    }

    private void ColumnDef(ColumnDef c)
    {
        Ident(c.Name);
        Append(' ');
        Type(c.Type);
        if (c.Collation is not null)
        {
            Append(" COLLATE ");
            Name(c.Collation);
        }

        foreach (var k in c.Constraints)
        {
            Append(' ');
            Constraint(k, table: false);
        }
    }

    private void Constraint(Constraint c, bool table)
    {
        if (c.Name is not null)
        {
            Append("CONSTRAINT ");
            Ident(c.Name);
            Append(' ');
        }

        switch (c.Kind)
        {
            case ConstraintKind.NotNull:
                Append("NOT NULL");
                break;
            case ConstraintKind.Null:
                Append("NULL");
                break;
            case ConstraintKind.Default:
                Append("DEFAULT ");
                Expr(c.Expression!, Parsing.Parser.Prec.Like + 1);
                break;
            case ConstraintKind.Check:
                Append("CHECK (");
                Expr(c.Expression!);
                Append(')');
                if (c.NoInherit)
                {
                    Append(" NO INHERIT");
                }

                break;
            case ConstraintKind.PrimaryKey or ConstraintKind.Unique:
                Append(c.Kind == ConstraintKind.PrimaryKey ? "PRIMARY KEY" : "UNIQUE");
                if (c.NullsNotDistinct)
                {
                    Append(" NULLS NOT DISTINCT");
                }

                if (table)
                {
                    Append(' ');
                    ParenIdentList(c.Columns);
                }

                if (c.Include.Count > 0)
                {
                    Append(" INCLUDE ");
                    ParenIdentList(c.Include);
                }

                if (c.IndexOptions.Count > 0)
                {
                    Append(" WITH ");
                    DefElemList(c.IndexOptions);
                }

                break;
            case ConstraintKind.ForeignKey:
                if (table)
                {
                    Append("FOREIGN KEY ");
                    ParenIdentList(c.Columns);
                    Append(' ');
                }

                References(c.References!);
                break;
            case ConstraintKind.Identity:
                Append(c.Identity == IdentityKind.Always ? "GENERATED ALWAYS AS IDENTITY" : "GENERATED BY DEFAULT AS IDENTITY");
                SequenceOptions(c.SequenceOptions, parenthesized: true);
                break;
            case ConstraintKind.Generated:
                Append("GENERATED ALWAYS AS (");
                Expr(c.Expression!);
                Append(") STORED");
                break;
        }

        if (c.Deferrable)
        {
            Append(" DEFERRABLE");
        }

        if (c.InitiallyDeferred)
        {
            Append(" INITIALLY DEFERRED");
        }

        if (c.NotValid)
        {
            Append(" NOT VALID");
        }
    }

    private void References(ForeignKeyReference r)
    {
        Append("REFERENCES ");
        Name(r.Table);
        if (r.Columns.Count > 0)
        {
            Append(' ');
            ParenIdentList(r.Columns);
        }

        Append(r.Match switch
        {
            ForeignKeyMatch.Full => " MATCH FULL",
            ForeignKeyMatch.Partial => " MATCH PARTIAL",
            _ => "",
        });
        if (r.OnDelete != ReferentialAction.NoAction)
        {
            Append(" ON DELETE ").Append(ActionText(r.OnDelete));
        }

        if (r.OnUpdate != ReferentialAction.NoAction)
        {
            Append(" ON UPDATE ").Append(ActionText(r.OnUpdate));
        }
    }

    private static string ActionText(ReferentialAction a) => a switch
    {
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.Restrict => "RESTRICT",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        _ => "NO ACTION",
    };

    private void SequenceOptions(IReadOnlyList<SequenceOption> options, bool parenthesized)
    {
        if (options.Count == 0)
        {
            return;
        }

        Append(parenthesized ? " (" : " ");
        List(options, SequenceOption, " ");
        if (parenthesized)
        {
            Append(')');
        }
    }

    private void SequenceOption(SequenceOption o)
    {
        switch (o.Kind)
        {
            case SequenceOptionKind.As:
                Append("AS ");
                Type(o.Type!);
                break;
            case SequenceOptionKind.Increment:
                Append("INCREMENT BY ").Append(o.Value!);
                break;
            case SequenceOptionKind.MinValue:
                Append("MINVALUE ").Append(o.Value!);
                break;
            case SequenceOptionKind.NoMinValue:
                Append("NO MINVALUE");
                break;
            case SequenceOptionKind.MaxValue:
                Append("MAXVALUE ").Append(o.Value!);
                break;
            case SequenceOptionKind.NoMaxValue:
                Append("NO MAXVALUE");
                break;
            case SequenceOptionKind.Start:
                Append("START WITH ").Append(o.Value!);
                break;
            case SequenceOptionKind.Restart:
                Append("RESTART");
                if (o.Value is not null)
                {
                    Append(" WITH ").Append(o.Value);
                }

                break;
            case SequenceOptionKind.Cache:
                Append("CACHE ").Append(o.Value!);
                break;
            case SequenceOptionKind.Cycle:
                Append("CYCLE");
                break;
            case SequenceOptionKind.NoCycle:
                Append("NO CYCLE");
                break;
            case SequenceOptionKind.OwnedBy:
                Append("OWNED BY ");
                if (o.Name is null)
                {
                    Append("NONE");
                }
                else
                {
                    Name(o.Name);
                }

                break;
            default:
                Append("SEQUENCE NAME ");
                Name(o.Name!);
                break;
        }
    }

    private void CreateIndex(CreateIndexStatement c)
    {
        Append(c.Unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
        if (c.Concurrently)
        {
            Append("CONCURRENTLY ");
        }

        if (c.IfNotExists)
        {
            Append("IF NOT EXISTS ");
        }

        if (c.Name is not null)
        {
            Ident(c.Name);
            Append(' ');
        }

        Append(c.Only ? "ON ONLY " : "ON ");
        Name(c.Table);
        if (c.Method is not null)
        {
            Append(" USING ");
            Ident(c.Method);
        }

        Append(" (");
        List(c.Elements, IndexElement);
        Append(')');
        if (c.Include.Count > 0)
        {
            Append(" INCLUDE ");
            ParenIdentList(c.Include);
        }

        if (c.NullsNotDistinct)
        {
            Append(" NULLS NOT DISTINCT");
        }

        if (c.Options.Count > 0)
        {
            Append(" WITH ");
            DefElemList(c.Options);
        }

        if (c.Tablespace is not null)
        {
            Append(" TABLESPACE ");
            Ident(c.Tablespace);
        }

        if (c.Where is not null)
        {
            Append(" WHERE ");
            Expr(c.Where);
        }
    }

    private void CreateView(CreateViewStatement v)
    {
        Append(v.OrReplace ? "CREATE OR REPLACE " : "CREATE ");
        if (v.Temporary)
        {
            Append("TEMPORARY ");
        }

        if (v.Recursive)
        {
            Append("RECURSIVE ");
        }

        Append("VIEW ");
        Name(v.Name);
        if (v.Columns.Count > 0)
        {
            Append(' ');
            ParenIdentList(v.Columns);
        }

        if (v.Options.Count > 0)
        {
            Append(" WITH ");
            DefElemList(v.Options);
        }

        Append(" AS ");
        Select(v.Query);
        Append(v.CheckOption switch
        {
            ViewCheckOption.Cascaded => " WITH CASCADED CHECK OPTION",
            ViewCheckOption.Local => " WITH LOCAL CHECK OPTION",
            _ => "",
        });
    }

    private static string ObjectWord(ObjectKind k) => k switch
    {
        ObjectKind.MaterializedView => "MATERIALIZED VIEW",
        _ => k.ToString().ToUpperInvariant(),
    };

    private void Drop(DropStatement d)
    {
        Append("DROP ").Append(ObjectWord(d.Kind)).Append(' ');
        if (d.Concurrently)
        {
            Append("CONCURRENTLY ");
        }

        if (d.IfExists)
        {
            Append("IF EXISTS ");
        }

        if (d.Kind is ObjectKind.Role or ObjectKind.User or ObjectKind.Group)
        {
            List(d.Names, n => Role(n.Name));
        }
        else
        {
            NameList(d.Names);
        }

        if (d.Force)
        {
            Append(" WITH (FORCE)");
        }

        Behavior(d.Behavior);
    }
}
