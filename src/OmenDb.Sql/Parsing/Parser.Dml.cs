using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>INSERT, UPDATE, DELETE, RETURNING, ON CONFLICT, index elements.</summary>
internal sealed partial class Parser
{
    private InsertStatement ParseInsert(WithClause? with)
    {
        var start = with?.Position ?? Current.Start;
        Expect("insert");
        Expect("into");
        var table = ParseQualifiedName();
        string? alias = null;
        if (Accept("as"))
        {
            alias = ParseColId();
        }

        var columns = new List<string>();
        var columnPositions = new List<int>();
        if (Current.Kind == TokenKind.LParen && !LooksLikeQuery(1))
        {
            Expect(TokenKind.LParen);
            do
            {
                columnPositions.Add(Current.Start);
                columns.Add(ParseColId());
            }
            while (Accept(TokenKind.Comma));

            Expect(TokenKind.RParen);
        }

        var overriding = OverridingKind.None;
        if (Accept("overriding"))
        {
            if (Accept("system"))
            {
                overriding = OverridingKind.SystemValue;
            }
            else
            {
                Expect("user");
                overriding = OverridingKind.UserValue;
            }

            Expect("value");
        }

        SelectStatement? source = null;
        if (At("default") && Peek(1).Is("values"))
        {
            Advance();
            Advance();
        }
        else
        {
            source = ParseSelectStatement();
        }

        var stmt = new InsertStatement(table, columns.ToArray(), source)
        {
            Position = start, With = with, Alias = alias, Overriding = overriding, ColumnPositions = columnPositions.ToArray(),
        };
        if (At("on") && Peek(1).Is("conflict"))
        {
            stmt = stmt with { OnConflict = ParseOnConflict() };
        }

        if (Accept("returning"))
        {
            stmt = stmt with { Returning = ParseTargetList() };
        }

        return stmt;
    }

    private OnConflictClause ParseOnConflict()
    {
        var start = Expect("on").Start;
        Expect("conflict");
        IndexElement[] target = [];
        Expr? targetWhere = null;
        string? constraint = null;
        if (Current.Kind == TokenKind.LParen)
        {
            target = ParseIndexElements();
            if (Accept("where"))
            {
                targetWhere = ParseExpr();
            }
        }
        else if (At("on") && Peek(1).Is("constraint"))
        {
            Advance();
            Advance();
            constraint = ParseColId();
        }

        Expect("do");
        if (Accept("nothing"))
        {
            return new OnConflictClause(OnConflictAction.Nothing)
            {
                Position = start,
                Target = target,
                TargetWhere = targetWhere,
                ConstraintName = constraint,
            };
        }

        Expect("update");
        Expect("set");
        var set = ParseSetClauses();
        Expr? where = Accept("where") ? ParseExpr() : null;
        return new OnConflictClause(OnConflictAction.Update)
        {
            Position = start,
            Target = target,
            TargetWhere = targetWhere,
            ConstraintName = constraint,
            Set = set,
            Where = where,
        };
    }

    private SetClause[] ParseSetClauses()
    {
        var list = new List<SetClause>();
        do
        {
            var t = Current;
            var columns = new List<string>();
            var targets = new List<Expr>();
            var indirect = false;
            var parenthesized = t.Kind == TokenKind.LParen;
            if (parenthesized)
            {
                Advance();
                do
                {
                    indirect |= ParseSetTarget(columns, targets);
                }
                while (Accept(TokenKind.Comma));

                Expect(TokenKind.RParen);
            }
            else
            {
                indirect = ParseSetTarget(columns, targets);
            }

            ExpectOp("=");
            var value = ParseExpr();
            list.Add(new SetClause(columns.ToArray(), value, parenthesized)
            {
                Position = t.Start,
                Targets = indirect ? targets.ToArray() : [],
            });
        }
        while (Accept(TokenKind.Comma));

        return list.ToArray();
    }

    /// <summary>set_target: ColId opt_indirection; returns true when there was indirection.</summary>
    private bool ParseSetTarget(List<string> columns, List<Expr> targets)
    {
        var t = Current;
        var name = ParseColId();
        columns.Add(name);
        Expr target = new ColumnRef([name]) { Position = t.Start };
        var indirect = false;
        while (Current.Kind is TokenKind.Dot or TokenKind.LBracket)
        {
            indirect = true;
            if (Accept(TokenKind.Dot))
            {
                target = new FieldSelectExpr(target, ParseColLabel()) { Position = t.Start };
            }
            else
            {
                target = ParseSubscript(target);
            }
        }

        targets.Add(target);
        return indirect;
    }

    /// <summary>relation_expr_opt_alias: [ONLY] name [*] [[AS] alias].</summary>
    private RelationRef ParseRelationWithAlias(bool excludeSet)
    {
        var rel = ParseRelationExpr();
        var start = Current.Start;
        string? alias = null;
        if (Accept("as"))
        {
            alias = ParseColId();
        }
        else if (IsColId(Current) && !(excludeSet && At("set")))
        {
            alias = Advance().Text;
        }

        return alias is null ? rel : rel with { Alias = new TableAlias(alias, []) { Position = start } };
    }

    private UpdateStatement ParseUpdate(WithClause? with)
    {
        var start = with?.Position ?? Current.Start;
        Expect("update");
        var table = ParseRelationWithAlias(excludeSet: true);
        Expect("set");
        var set = ParseSetClauses();
        var stmt = new UpdateStatement(table, set) { Position = start, With = with };
        if (Accept("from"))
        {
            stmt = stmt with { From = ParseFromList() };
        }

        var (where, cursor) = ParseWhereOrCurrentOf();
        stmt = stmt with { Where = where, WhereCurrentOf = cursor };

        if (Accept("returning"))
        {
            stmt = stmt with { Returning = ParseTargetList() };
        }

        return stmt;
    }

    private DeleteStatement ParseDelete(WithClause? with)
    {
        var start = with?.Position ?? Current.Start;
        Expect("delete");
        Expect("from");
        var table = ParseRelationWithAlias(excludeSet: false);
        var stmt = new DeleteStatement(table) { Position = start, With = with };
        if (Accept("using"))
        {
            stmt = stmt with { Using = ParseFromList() };
        }

        var (where, cursor) = ParseWhereOrCurrentOf();
        stmt = stmt with { Where = where, WhereCurrentOf = cursor };

        if (Accept("returning"))
        {
            stmt = stmt with { Returning = ParseTargetList() };
        }

        return stmt;
    }

    /// <summary>An optional <c>WHERE condition</c> or <c>WHERE CURRENT OF cursor</c> of UPDATE and DELETE.</summary>
    private (Expr? Where, string? Cursor) ParseWhereOrCurrentOf()
    {
        if (!Accept("where"))
        {
            return (null, null);
        }

        if (At("current") && Peek(1).Is("of"))
        {
            Advance();
            Advance();
            return (null, ParseColId());
        }

        return (ParseExpr(), null);
    }

    /// <summary>( index_elem [, ...] ) for CREATE INDEX, ON CONFLICT, EXCLUDE.</summary>
    private IndexElement[] ParseIndexElements()
    {
        Expect(TokenKind.LParen);
        var list = new List<IndexElement>();
        do
        {
            list.Add(ParseIndexElement());
        }
        while (Accept(TokenKind.Comma));

        Expect(TokenKind.RParen);
        return list.ToArray();
    }

    private IndexElement ParseIndexElement()
    {
        var t = Current;
        IndexElement elem;
        if (t.Kind == TokenKind.LParen)
        {
            Advance();
            var e = ParseExpr();
            Expect(TokenKind.RParen);
            elem = new IndexElement(null, e) { Position = t.Start };
        }
        else if (IsFunctionInFrom())
        {
            elem = new IndexElement(null, ParseTableFunctionCall()) { Position = t.Start };
        }
        else
        {
            elem = new IndexElement(ParseColId(), null) { Position = t.Start };
        }

        if (Accept("collate"))
        {
            elem = elem with { Collation = ParseQualifiedName() };
        }

        if (IsColId(Current) && !(At("nulls") && (Peek(1).Is("first") || Peek(1).Is("last"))))
        {
            elem = elem with { OpClass = ParseQualifiedName() };
            if (Current.Kind == TokenKind.LParen)
            {
                elem = elem with { OpClassOptions = ParseDefElemList() };
            }
        }

        if (Accept("asc"))
        {
            elem = elem with { Direction = SortDirection.Asc };
        }
        else if (Accept("desc"))
        {
            elem = elem with { Direction = SortDirection.Desc };
        }

        if (At("nulls") && (Peek(1).Is("first") || Peek(1).Is("last")))
        {
            Advance();
            elem = elem with { Nulls = Advance().Text == "first" ? NullsOrder.First : NullsOrder.Last };
        }

        return elem;
    }
}
