using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>FROM items: relations, subqueries, table functions, joins, aliases.</summary>
internal sealed partial class Parser
{
    private TableRef[] ParseFromList()
    {
        var list = new List<TableRef>();
        do
        {
            list.Add(ParseTableRef());
        }
        while (Accept(TokenKind.Comma));

        return list.ToArray();
    }

    /// <summary>A table_ref followed by any number of joins (left-associative).</summary>
    private TableRef ParseTableRef()
    {
        Enter();
        try
        {
            var left = ParseTablePrimary();
            while (true)
            {
                var t = Current;
                if (t.Is("cross") && Peek(1).Is("join"))
                {
                    Advance();
                    Advance();
                    var right = ParseTablePrimary();
                    left = new JoinRef(JoinKind.Cross, left, right) { Position = left.Position };
                    continue;
                }

                var natural = t.Is("natural");
                var k = natural ? 1 : 0;
                var kt = Peek(k);
                JoinKind kind;
                if (kt.Is("join"))
                {
                    kind = JoinKind.Inner;
                }
                else if (kt.Is("inner") && Peek(k + 1).Is("join"))
                {
                    kind = JoinKind.Inner;
                    k++;
                }
                else if ((kt.Is("left") || kt.Is("right") || kt.Is("full")) &&
                         (Peek(k + 1).Is("join") || (Peek(k + 1).Is("outer") && Peek(k + 2).Is("join"))))
                {
                    kind = kt.Text switch
                    {
                        "left" => JoinKind.Left,
                        "right" => JoinKind.Right,
                        _ => JoinKind.Full,
                    };
                    k += Peek(k + 1).Is("outer") ? 2 : 1;
                }
                else
                {
                    if (natural)
                    {
                        Advance();
                        Fail();
                    }

                    return left;
                }

                for (var i = 0; i <= k; i++)
                {
                    Advance();
                }

                var rightRef = ParseTablePrimary();
                var join = new JoinRef(kind, left, rightRef) { Position = left.Position, Natural = natural };
                if (!natural)
                {
                    if (Accept("on"))
                    {
                        join = join with { On = ParseExpr() };
                    }
                    else if (Accept("using"))
                    {
                        join = join with { Using = ParseParenthesizedNameList() };
                        if (Accept("as"))
                        {
                            join = join with { UsingAlias = ParseColId() };
                        }
                    }
                    else
                    {
                        Fail();
                    }
                }

                left = join;
            }
        }
        finally
        {
            Leave();
        }
    }

    private TableRef ParseTablePrimary()
    {
        var t = Current;
        var lateral = false;
        if (t.Is("lateral"))
        {
            Advance();
            lateral = true;
        }

        var c = Current;
        if (c.Kind == TokenKind.LParen)
        {
            if (LooksLikeQuery(1))
            {
                var saved = _index;
                var sub = TryParse(() => ParseSelectWithParens());
                if (sub is not null)
                {
                    var alias = ParseOptionalAlias(allowColumnDefinitions: false, out _);
                    if (alias is null)
                    {
                        // PostgreSQL 15's grammar requires the alias (gram.y raises this itself).
                        var values = sub.Body is ValuesBody;
                        SqlErrors.Throw(OmenDb.Common.SqlState.SyntaxError,
                            values ? "VALUES in FROM must have an alias" : "subquery in FROM must have an alias", c.Start,
                            values ? "For example, FROM (VALUES ...) [AS] foo." : "For example, FROM (SELECT ...) [AS] foo.");
                    }

                    return new SubqueryRef(sub, alias) { Position = t.Start, Lateral = lateral };
                }

                _index = saved;
            }

            if (lateral)
            {
                Fail();
            }

            Advance();
            var inner = ParseTableRef();
            Expect(TokenKind.RParen);
            var joinAlias = ParseOptionalAlias(allowColumnDefinitions: false, out _);
            if (joinAlias is not null)
            {
                if (inner is JoinRef j)
                {
                    return j with { Alias = joinAlias };
                }

                Fail();
            }

            return inner;
        }

        if (c.Is("rows") && Peek(1).Is("from") && Peek(2).Kind == TokenKind.LParen)
        {
            Advance();
            Advance();
            Advance();
            var funcs = new List<Expr>();
            do
            {
                funcs.Add(ParseTableFunctionCall());
            }
            while (Accept(TokenKind.Comma));

            Expect(TokenKind.RParen);
            return FinishFunctionRef(funcs.ToArray(), t.Start, lateral, rowsFrom: true);
        }

        if (IsFunctionInFrom())
        {
            var func = ParseTableFunctionCall();
            return FinishFunctionRef([func], t.Start, lateral, rowsFrom: false);
        }

        if (lateral)
        {
            Fail();
        }

        var rel = ParseRelationExpr();
        var relAlias = ParseOptionalAlias(allowColumnDefinitions: false, out _);
        if (At("tablesample"))
        {
            Fail();
        }

        return new RelationRef(rel.Name, relAlias) { Position = rel.Position, Only = rel.Only };
    }

    /// <summary>True when the FROM item at the current token is a function call (a name followed by '(').</summary>
    private bool IsFunctionInFrom()
    {
        var k = 0;
        if (!IsColId(Peek(0)) && !IsTypeFunctionName(Peek(0)))
        {
            return false;
        }

        k++;
        while (Peek(k).Kind == TokenKind.Dot && IsColLabel(Peek(k + 1)))
        {
            k += 2;
        }

        return Peek(k).Kind == TokenKind.LParen;
    }

    private Expr ParseTableFunctionCall()
    {
        var t = Current;
        if (t.Kind == TokenKind.Identifier && t.Keyword == KeywordCategory.ColumnName)
        {
            // coalesce(...), substring(...) and friends in FROM.
            return ParseKeywordOrName(t);
        }

        var e = ParseNameExpression();
        if (e is not FunctionCall)
        {
            FailAt(t);
        }

        return e;
    }

    private FunctionRef FinishFunctionRef(Expr[] funcs, int start, bool lateral, bool rowsFrom)
    {
        var ordinality = false;
        if (At("with") && Peek(1).Is("ordinality"))
        {
            Advance();
            Advance();
            ordinality = true;
        }

        var alias = ParseOptionalAlias(allowColumnDefinitions: true, out var defs);
        return new FunctionRef(funcs, alias)
        {
            Position = start,
            Lateral = lateral,
            WithOrdinality = ordinality,
            RowsFrom = rowsFrom,
            ColumnDefinitions = defs,
        };
    }

    /// <summary>relation_expr: [ONLY] qualified_name [*] or ONLY ( qualified_name ).</summary>
    private RelationRef ParseRelationExpr()
    {
        var start = Current.Start;
        if (Accept("only"))
        {
            var paren = Accept(TokenKind.LParen);
            var name = ParseQualifiedName();
            if (paren)
            {
                Expect(TokenKind.RParen);
            }

            return new RelationRef(name, null) { Position = start, Only = true };
        }

        var n = ParseQualifiedName();
        AcceptOp("*");
        return new RelationRef(n, null) { Position = start };
    }

    /// <summary>
    /// opt_alias_clause: [AS] ColId [(names)]; for functions also AS (col type, ...) / [AS] name (col type, ...).
    /// <paramref name="excludeSet"/> keeps UPDATE's SET from being read as an alias.
    /// </summary>
    private TableAlias? ParseOptionalAlias(bool allowColumnDefinitions, out ColumnDefinitionAlias[] definitions,
        bool excludeSet = false)
    {
        definitions = [];
        var start = Current.Start;
        string name;
        if (Accept("as"))
        {
            if (allowColumnDefinitions && Current.Kind == TokenKind.LParen)
            {
                definitions = ParseColumnDefinitionAliases();
                return null;
            }

            name = ParseColId();
        }
        else if (IsColId(Current) && !(excludeSet && At("set")))
        {
            name = Advance().Text;
        }
        else
        {
            return null;
        }

        string[] columns = [];
        if (Current.Kind == TokenKind.LParen)
        {
            var isDefinitions = allowColumnDefinitions && IsColId(Peek(1)) && Peek(2).Kind is not (TokenKind.Comma or TokenKind.RParen);
            if (isDefinitions)
            {
                definitions = ParseColumnDefinitionAliases();
            }
            else
            {
                columns = ParseParenthesizedNameList();
            }
        }

        return new TableAlias(name, columns) { Position = start };
    }

    private ColumnDefinitionAlias[] ParseColumnDefinitionAliases()
    {
        Expect(TokenKind.LParen);
        var list = new List<ColumnDefinitionAlias>();
        do
        {
            var t = Current;
            var name = ParseColId();
            var type = ParseTypeName();
            if (Accept("collate"))
            {
                ParseQualifiedName();
            }

            list.Add(new ColumnDefinitionAlias(name, type) { Position = t.Start });
        }
        while (Accept(TokenKind.Comma));

        Expect(TokenKind.RParen);
        return list.ToArray();
    }
}
