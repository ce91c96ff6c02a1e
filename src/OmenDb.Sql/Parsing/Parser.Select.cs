using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>Queries: WITH, set operations, SELECT cores, VALUES, ORDER BY / LIMIT / OFFSET / FETCH / FOR UPDATE.</summary>
internal sealed partial class Parser
{
    /// <summary>select_with_parens: '(' query ')' where the query may itself be parenthesised.</summary>
    private SelectStatement ParseSelectWithParens()
    {
        Expect(TokenKind.LParen);
        Enter();
        try
        {
            var inner = ParseSelectStatement();
            Expect(TokenKind.RParen);
            return inner;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>A complete query (select_no_parens or select_with_parens), with an optional leading WITH.</summary>
    private SelectStatement ParseSelectStatement(WithClause? with = null)
    {
        Enter();
        try
        {
            var start = with?.Position ?? Current.Start;
            if (with is null && At("with"))
            {
                with = ParseWithClause();
            }

            var body = ParseSetOperations(0);
            var stmt = new SelectStatement(body) { Position = start, With = with };
            stmt = ParseSelectTail(stmt);
            if (with is null && body is NestedQuery nested && stmt.OrderBy.Count == 0 && stmt.Limit is null && !stmt.LimitAll
                && stmt.Offset is null && stmt.Locking.Count == 0)
            {
                return nested.Query;
            }

            return stmt;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>ORDER BY, LIMIT/OFFSET/FETCH and locking clauses, in any of the orders PostgreSQL accepts.</summary>
    private SelectStatement ParseSelectTail(SelectStatement stmt)
    {
        if (At("order"))
        {
            Advance();
            Expect("by");
            stmt = stmt with { OrderBy = ParseSortList() };
        }

        var sawLimit = false;
        var sawOffset = false;
        var sawLocking = false;
        while (true)
        {
            if (!sawLimit && At("limit"))
            {
                sawLimit = true;
                var limitToken = Advance();
                if (Accept("all"))
                {
                    stmt = stmt with { LimitAll = true };
                }
                else
                {
                    stmt = stmt with { Limit = ParseExpr() };
                }

                if (Current.Kind == TokenKind.Comma)
                {
                    SqlErrors.Throw(OmenDb.Common.SqlState.SyntaxError, "LIMIT #,# syntax is not supported", limitToken.Start,
                        "Use separate LIMIT and OFFSET clauses.");
                }
            }
            else if (!sawLimit && At("fetch"))
            {
                sawLimit = true;
                Advance();
                if (!Accept("first"))
                {
                    Expect("next");
                }

                Expr count;
                if (At("row") || At("rows"))
                {
                    count = new IntegerLiteral("1", 1) { Position = Current.Start };
                }
                else
                {
                    count = ParseExpr(Prec.Additive);
                }

                if (!Accept("row"))
                {
                    Expect("rows");
                }

                var withTies = false;
                if (Accept("with"))
                {
                    Expect("ties");
                    withTies = true;
                }
                else
                {
                    Expect("only");
                }

                stmt = stmt with { Limit = count, FetchSyntax = true, WithTies = withTies };
            }
            else if (!sawOffset && At("offset"))
            {
                sawOffset = true;
                Advance();
                stmt = stmt with { Offset = ParseExpr() };
                if (!Accept("row"))
                {
                    Accept("rows");
                }
            }
            else if (!sawLocking && At("for"))
            {
                sawLocking = true;
                stmt = stmt with { Locking = ParseLockingClauses() };
            }
            else
            {
                return stmt;
            }
        }
    }

    private LockingClause[] ParseLockingClauses()
    {
        var list = new List<LockingClause>();
        while (At("for"))
        {
            var start = Advance().Start;
            if (Accept("read"))
            {
                Expect("only");
                continue;
            }

            LockStrength strength;
            if (Accept("update"))
            {
                strength = LockStrength.Update;
            }
            else if (Accept("share"))
            {
                strength = LockStrength.Share;
            }
            else if (Accept("no"))
            {
                Expect("key");
                Expect("update");
                strength = LockStrength.NoKeyUpdate;
            }
            else
            {
                Expect("key");
                Expect("share");
                strength = LockStrength.KeyShare;
            }

            QualifiedName[] of = [];
            if (Accept("of"))
            {
                of = ParseQualifiedNameList();
            }

            var wait = LockWaitPolicy.Block;
            if (Accept("nowait"))
            {
                wait = LockWaitPolicy.NoWait;
            }
            else if (At("skip") && Peek(1).Is("locked"))
            {
                Advance();
                Advance();
                wait = LockWaitPolicy.SkipLocked;
            }

            list.Add(new LockingClause(strength, of, wait) { Position = start });
        }

        return list.ToArray();
    }

    /// <summary>UNION/EXCEPT (lower) and INTERSECT (higher), left-associative.</summary>
    private QueryBody ParseSetOperations(int minPrec)
    {
        var left = ParseQueryPrimary();
        while (true)
        {
            var t = Current;
            SetOperator op;
            int prec;
            if (t.Is("union"))
            {
                (op, prec) = (SetOperator.Union, 1);
            }
            else if (t.Is("except"))
            {
                (op, prec) = (SetOperator.Except, 1);
            }
            else if (t.Is("intersect"))
            {
                (op, prec) = (SetOperator.Intersect, 2);
            }
            else
            {
                return left;
            }

            if (prec <= minPrec)
            {
                return left;
            }

            Advance();
            var all = Accept("all");
            if (!all)
            {
                Accept("distinct");
            }

            Enter();
            try
            {
                var right = ParseSetOperations(prec);
                left = new SetOperation(op, all, left, right) { Position = left.Position };
            }
            finally
            {
                Leave();
            }
        }
    }

    private QueryBody ParseQueryPrimary()
    {
        var t = Current;
        if (t.Kind == TokenKind.LParen)
        {
            Advance();
            var inner = ParseSelectStatement();
            Expect(TokenKind.RParen);
            if (inner.With is null && inner.OrderBy.Count == 0 && inner.Limit is null && !inner.LimitAll && inner.Offset is null
                && inner.Locking.Count == 0)
            {
                return inner.Body;
            }

            return new NestedQuery(inner) { Position = t.Start };
        }

        if (t.Is("select"))
        {
            return ParseSelectCore();
        }

        if (t.Is("values"))
        {
            return ParseValues();
        }

        if (t.Is("table"))
        {
            Advance();
            var rel = ParseRelationExpr();
            return new SelectCore([new ResultTarget(new StarExpr([]) { Position = t.Start }, null) { Position = t.Start }])
            {
                Position = t.Start,
                From = [new RelationRef(rel.Name, null) { Position = rel.Position, Only = rel.Only }],
            };
        }

        return Fail<QueryBody>();
    }

    private ValuesBody ParseValues()
    {
        var start = Expect("values").Start;
        var rows = new List<IReadOnlyList<Expr>>();
        do
        {
            Expect(TokenKind.LParen);
            rows.Add(ParseExprList());
            Expect(TokenKind.RParen);
        }
        while (Accept(TokenKind.Comma));

        return new ValuesBody(rows.ToArray()) { Position = start };
    }

    private SelectCore ParseSelectCore()
    {
        var start = Expect("select").Start;
        var distinct = false;
        Expr[] distinctOn = [];
        if (Accept("distinct"))
        {
            distinct = true;
            if (Accept("on"))
            {
                Expect(TokenKind.LParen);
                distinctOn = ParseExprList();
                Expect(TokenKind.RParen);
            }
        }
        else
        {
            Accept("all");
        }

        var targets = StartsTargetList() ? ParseTargetList() : [];
        var core = new SelectCore(targets) { Position = start, Distinct = distinct, DistinctOn = distinctOn };

        if (At("into"))
        {
            core = core with { Into = ParseIntoClause() };
        }

        if (Accept("from"))
        {
            core = core with { From = ParseFromList() };
        }

        if (Accept("where"))
        {
            core = core with { Where = ParseExpr() };
        }

        if (At("group"))
        {
            Advance();
            Expect("by");
            var groupDistinct = Accept("distinct");
            if (!groupDistinct)
            {
                Accept("all");
            }

            core = core with { GroupBy = ParseGroupByList(), GroupByDistinct = groupDistinct };
        }

        if (Accept("having"))
        {
            core = core with { Having = ParseExpr() };
        }

        if (Accept("window"))
        {
            var defs = new List<WindowDef>();
            do
            {
                var nameToken = Current;
                var name = ParseColId();
                Expect("as");
                defs.Add(new WindowDef(name, ParseWindowSpecification()) { Position = nameToken.Start });
            }
            while (Accept(TokenKind.Comma));

            core = core with { Windows = defs.ToArray() };
        }

        return core;
    }

    /// <summary>False when the SELECT list is empty (<c>SELECT FROM t</c>, <c>SELECT;</c>).</summary>
    private bool StartsTargetList()
    {
        var t = Current;
        return t.Kind switch
        {
            TokenKind.End or TokenKind.Semicolon or TokenKind.RParen => false,
            TokenKind.Identifier => !(t.Is("from") || t.Is("where") || t.Is("group") || t.Is("having") || t.Is("window")
                || t.Is("into") || t.Is("union") || t.Is("intersect") || t.Is("except") || t.Is("order") || t.Is("limit")
                || t.Is("offset") || t.Is("fetch") || t.Is("for")),
            _ => true,
        };
    }

    /// <summary>[ { TEMP | TEMPORARY | LOCAL TEMP | GLOBAL TEMP } | UNLOGGED ] of CREATE TABLE and SELECT INTO.</summary>
    private (bool Temp, bool Unlogged) ParsePersistence()
    {
        if (Accept("temp") || Accept("temporary"))
        {
            return (true, false);
        }

        if ((At("local") || At("global")) && (Peek(1).Is("temp") || Peek(1).Is("temporary")))
        {
            Advance();
            Advance();
            return (true, false);
        }

        return (false, Accept("unlogged"));
    }

    private IntoClause ParseIntoClause()
    {
        var start = Expect("into").Start;
        var (temp, unlogged) = ParsePersistence();

        Accept("table");
        return new IntoClause(ParseQualifiedName(), temp, unlogged) { Position = start };
    }

    /// <summary>target_list: <c>*</c>, <c>t.*</c> or <c>expr [[AS] label]</c>, comma-separated.</summary>
    private ResultTarget[] ParseTargetList()
    {
        var list = new List<ResultTarget>();
        do
        {
            list.Add(ParseTarget());
        }
        while (Accept(TokenKind.Comma));

        return list.ToArray();
    }

    private ResultTarget ParseTarget()
    {
        var t = Current;
        if (t.IsOp("*"))
        {
            Advance();
            return new ResultTarget(new StarExpr([]) { Position = t.Start }, null) { Position = t.Start };
        }

        var e = ParseExpr();
        string? alias = null;
        if (Accept("as"))
        {
            alias = ParseColLabel();
        }
        else if (IsBareLabel(Current))
        {
            alias = Advance().Text;
        }

        return new ResultTarget(e, alias) { Position = t.Start };
    }

    /// <summary>BareColLabel: an identifier or any keyword that PostgreSQL 15 marks BARE_LABEL.</summary>
    private static bool IsBareLabel(Token t) =>
        t.Kind == TokenKind.QuotedIdentifier
        || (t.Kind == TokenKind.Identifier && (t.Keyword == KeywordCategory.None || !Keywords.RequiresAsForLabel(t.Text)));

    private Expr[] ParseGroupByList()
    {
        var list = new List<Expr>();
        do
        {
            list.Add(ParseGroupingElement());
        }
        while (Accept(TokenKind.Comma));

        return list.ToArray();
    }

    private Expr ParseGroupingElement()
    {
        var t = Current;
        if (t.Kind == TokenKind.LParen && Peek(1).Kind == TokenKind.RParen)
        {
            Advance();
            Advance();
            return new GroupingSetExpr(GroupingSetKind.Empty, []) { Position = t.Start };
        }

        if ((t.Is("rollup") || t.Is("cube")) && Peek(1).Kind == TokenKind.LParen)
        {
            Advance();
            Advance();
            var items = ParseExprList();
            Expect(TokenKind.RParen);
            return new GroupingSetExpr(t.Text == "rollup" ? GroupingSetKind.Rollup : GroupingSetKind.Cube, items) { Position = t.Start };
        }

        if (t.Is("grouping") && Peek(1).Is("sets"))
        {
            Advance();
            Advance();
            Expect(TokenKind.LParen);
            var items = ParseGroupByList();
            Expect(TokenKind.RParen);
            return new GroupingSetExpr(GroupingSetKind.Sets, items) { Position = t.Start };
        }

        return ParseExpr();
    }

    private WithClause ParseWithClause()
    {
        var start = Expect("with").Start;
        var recursive = Accept("recursive");
        var ctes = new List<CommonTableExpr>();
        do
        {
            var nameToken = Current;
            var name = ParseColId();
            string[] columns = Current.Kind == TokenKind.LParen ? ParseParenthesizedNameList() : [];
            Expect("as");
            var materialization = CteMaterialization.Default;
            if (Accept("materialized"))
            {
                materialization = CteMaterialization.Materialized;
            }
            else if (At("not") && Peek(1).Is("materialized"))
            {
                Advance();
                Advance();
                materialization = CteMaterialization.NotMaterialized;
            }

            Expect(TokenKind.LParen);
            var query = ParsePreparableStatement();
            Expect(TokenKind.RParen);
            ctes.Add(new CommonTableExpr(name, columns, materialization, query) { Position = nameToken.Start });
        }
        while (Accept(TokenKind.Comma));

        return new WithClause(recursive, ctes.ToArray()) { Position = start };
    }

    /// <summary>SELECT / INSERT / UPDATE / DELETE / VALUES (PreparableStmt), possibly starting with WITH.</summary>
    private Statement ParsePreparableStatement()
    {
        WithClause? with = null;
        if (At("with"))
        {
            with = ParseWithClause();
        }

        if (At("insert"))
        {
            return ParseInsert(with);
        }

        if (At("update"))
        {
            return ParseUpdate(with);
        }

        if (At("delete"))
        {
            return ParseDelete(with);
        }

        return ParseSelectStatement(with);
    }
}
