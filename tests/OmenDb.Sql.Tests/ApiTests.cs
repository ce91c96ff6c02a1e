using OmenDb.Common;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Parsing;
using OmenDb.Sql.Printing;

namespace OmenDb.Sql.Tests;

/// <summary>The public entry points and the AST shapes the binder relies on.</summary>
public sealed class ApiTests
{
    [Fact]
    public void ScriptSplitsStatementsWithSpans()
    {
        const string sql = "  SELECT 1;; INSERT INTO t VALUES (';') ;\n-- c\nSELECT 2";
        var parsed = SqlParser.ParseScript(sql);
        Assert.Equal(3, parsed.Count);
        Assert.Equal("SELECT 1", sql.Substring(parsed[0].Start, parsed[0].Length));
        Assert.Equal("INSERT INTO t VALUES (';')", sql.Substring(parsed[1].Start, parsed[1].Length));
        Assert.Equal("SELECT 2", sql.Substring(parsed[2].Start, parsed[2].Length));
        Assert.IsType<InsertStatement>(parsed[1].Statement);
        Assert.Equal(parsed[2].Start, parsed[2].Statement!.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-- nothing\n/* at all */")]
    [InlineData(";;")]
    public void EmptyScripts(string sql)
    {
        Assert.Empty(SqlParser.ParseScript(sql));
        Assert.Null(SqlParser.ParseStatement(sql));
    }

    [Fact]
    public void ParseStatementRejectsTwoStatements()
    {
        var e = Assert.Throws<PgException>(() => SqlParser.ParseStatement("SELECT 1; SELECT 2"));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        Assert.Equal(11, e.Position);
        Assert.NotNull(SqlParser.ParseStatement("SELECT 1;"));
    }

    [Theory]
    [InlineData("int", "int4")]
    [InlineData("integer[]", "int4[]")]
    [InlineData("character varying(10)", "varchar(10)")]
    [InlineData("character", "bpchar(1)")]
    [InlineData("char(5)", "bpchar(5)")]
    [InlineData("\"char\"", "\"char\"")]
    [InlineData("double precision", "float8")]
    [InlineData("float(24)", "float4")]
    [InlineData("float(25)", "float8")]
    [InlineData("real", "float4")]
    [InlineData("smallint", "int2")]
    [InlineData("bigint", "int8")]
    [InlineData("boolean", "bool")]
    [InlineData("decimal(10,2)", "numeric(10, 2)")]
    [InlineData("timestamp with time zone", "timestamptz")]
    [InlineData("timestamp(3) without time zone", "timestamp(3)")]
    [InlineData("time with time zone", "timetz")]
    [InlineData("interval hour to second(2)", "interval HOUR TO SECOND(2)")]
    [InlineData("bit varying(4)", "varbit(4)")]
    [InlineData("bit", "bit(1)")]
    [InlineData("pg_catalog.regclass", "pg_catalog.regclass")]
    [InlineData("serial", "serial")]
    [InlineData("vector(3)", "vector(3)")]
    [InlineData("text ARRAY[4]", "text[4]")]
    public void TypeNamesAreNormalised(string sql, string expected) =>
        Assert.Equal(expected, SqlPrinter.Print(SqlParser.ParseTypeName(sql)));

    [Fact]
    public void FloatPrecisionOutOfRange()
    {
        var e = Assert.Throws<PgException>(() => SqlParser.ParseTypeName("float(54)"));
        Assert.Equal(SqlState.InvalidParameterValue, e.SqlState);
    }

    [Fact]
    public void SelectShape()
    {
        const string sql = "WITH c AS (SELECT 1) SELECT DISTINCT a AS x, t.* FROM s.t AS t(a) LEFT JOIN u USING (a) "
            + "WHERE a > $1 GROUP BY 1 HAVING count(*) > 1 ORDER BY x DESC NULLS LAST LIMIT 5 OFFSET 2";
        var s = Assert.IsType<SelectStatement>(SqlParser.ParseStatement(sql));
        Assert.NotNull(s.With);
        var core = Assert.IsType<SelectCore>(s.Body);
        Assert.True(core.Distinct);
        Assert.Equal("x", core.Targets[0].Alias);
        Assert.Equal(["t"], Assert.IsType<StarExpr>(core.Targets[1].Expr).Qualifier);
        var join = Assert.IsType<JoinRef>(Assert.Single(core.From));
        Assert.Equal(JoinKind.Left, join.Kind);
        var rel = Assert.IsType<RelationRef>(join.Left);
        Assert.Equal("s", rel.Name.Schema);
        Assert.Equal(["a"], rel.Alias!.Columns);
        Assert.Equal(["a"], join.Using);
        Assert.IsType<ParameterRef>(Assert.IsType<BinaryExpr>(core.Where).Right);
        Assert.Equal(1, Assert.IsType<IntegerLiteral>(Assert.Single(core.GroupBy)).Value);
        Assert.Equal(SortDirection.Desc, s.OrderBy[0].Direction);
        Assert.Equal(NullsOrder.Last, s.OrderBy[0].Nulls);
        Assert.Equal(5, Assert.IsType<IntegerLiteral>(s.Limit).Value);
        Assert.Equal(2, Assert.IsType<IntegerLiteral>(s.Offset).Value);
    }

    [Fact]
    public void PositionsPointAtFirstTokens()
    {
        const string sql = "SELECT a + b FROM t WHERE x = 'y'";
        var core = (SelectCore)((SelectStatement)SqlParser.ParseStatement(sql)!).Body;
        var sum = Assert.IsType<BinaryExpr>(core.Targets[0].Expr);
        Assert.Equal(7, sum.Position);
        Assert.Equal(9, sum.OperatorPosition);
        Assert.Equal(11, sum.Right.Position);
        Assert.Equal(18, core.From[0].Position);
        Assert.Equal(30, ((BinaryExpr)core.Where!).Right.Position);
    }

    [Fact]
    public void SpecialFunctionsMapToPgNames()
    {
        var core = (SelectCore)((SelectStatement)SqlParser.ParseStatement(
            "SELECT EXTRACT(year FROM d), CURRENT_DATE, x AT TIME ZONE 'UTC', TRIM(BOTH 'x' FROM y)")!).Body;
        var extract = Assert.IsType<FunctionCall>(core.Targets[0].Expr);
        Assert.Equal("extract", extract.Name.Name);
        Assert.Equal("year", Assert.IsType<StringLiteral>(extract.Args[0]).Value);
        Assert.Equal("current_date", Assert.IsType<SqlValueFunction>(core.Targets[1].Expr).Keyword);
        var tz = Assert.IsType<FunctionCall>(core.Targets[2].Expr);
        Assert.Equal("timezone", tz.Name.Name);
        Assert.IsType<StringLiteral>(tz.Args[0]);
        var trim = Assert.IsType<FunctionCall>(core.Targets[3].Expr);
        Assert.Equal("btrim", trim.Name.Name);
        Assert.IsType<ColumnRef>(trim.Args[0]);
    }

    [Fact]
    public void DmlShapes()
    {
        var ins = Assert.IsType<InsertStatement>(SqlParser.ParseStatement(
            "INSERT INTO t (a, b) VALUES (1, DEFAULT) ON CONFLICT (a) DO UPDATE SET b = excluded.b RETURNING id"));
        Assert.Equal(["a", "b"], ins.Columns);
        var values = Assert.IsType<ValuesBody>(ins.Source!.Body);
        Assert.IsType<DefaultExpr>(values.Rows[0][1]);
        Assert.Equal(OnConflictAction.Update, ins.OnConflict!.Action);
        Assert.Equal("a", ins.OnConflict.Target[0].Column);
        Assert.Single(ins.Returning);

        var upd = Assert.IsType<UpdateStatement>(SqlParser.ParseStatement("UPDATE t x SET (a, b) = (1, 2) WHERE id = 1"));
        Assert.Equal("x", upd.Table.Alias!.Name);
        Assert.True(upd.Set[0].Parenthesized);
        Assert.IsType<RowExpr>(upd.Set[0].Value);
    }

    [Fact]
    public void DdlShapes()
    {
        var ct = Assert.IsType<CreateTableStatement>(SqlParser.ParseStatement(
            "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n varchar(5) NOT NULL DEFAULT 'x', "
            + "CONSTRAINT u UNIQUE (n)) WITH (fillfactor = 100)"));
        var id = Assert.IsType<ColumnDef>(ct.Elements[0]);
        Assert.Equal("int8", id.Type.Name);
        Assert.Equal([ConstraintKind.Identity, ConstraintKind.PrimaryKey], id.Constraints.Select(c => c.Kind).ToArray());
        var n = Assert.IsType<ColumnDef>(ct.Elements[1]);
        Assert.Equal(5, Assert.IsType<IntegerLiteral>(n.Type.Modifiers[0]).Value);
        Assert.Equal("x", Assert.IsType<StringLiteral>(n.Constraints[1].Expression).Value);
        var u = Assert.IsType<Constraint>(ct.Elements[2]);
        Assert.Equal("u", u.Name);
        Assert.Equal(["n"], u.Columns);
        Assert.Equal("fillfactor", ct.Options[0].Name);
        Assert.Equal("100", ct.Options[0].Value!.Text);
    }

    [Fact]
    public void UtilityShapes()
    {
        var copy = Assert.IsType<CopyStatement>(SqlParser.ParseStatement("COPY t (a) FROM STDIN CSV HEADER DELIMITER ';'"));
        Assert.True(copy.IsFrom);
        Assert.Equal(CopyEndpoint.Client, copy.Endpoint);
        Assert.Equal(["format", "header", "delimiter"], copy.Options.Select(o => o.Name).ToArray());
        Assert.Equal(["csv", "true", ";"], copy.Options.Select(o => o.Value!.Text).ToArray());

        var explain = Assert.IsType<ExplainStatement>(SqlParser.ParseStatement("EXPLAIN (ANALYZE, COSTS off) SELECT 1"));
        Assert.Equal(["analyze", "costs"], explain.Options.Select(o => o.Name).ToArray());
        Assert.Null(explain.Options[0].Value);
        Assert.Equal("off", explain.Options[1].Value!.Text);

        var set = Assert.IsType<SetStatement>(SqlParser.ParseStatement("SET LOCAL hnsw.ef_search TO 100"));
        Assert.Equal(SetScope.Local, set.Scope);
        Assert.Equal("hnsw.ef_search", set.Name);
        Assert.Equal(OptionValueKind.Number, set.Values[0].Kind);

        var tz = Assert.IsType<SetStatement>(SqlParser.ParseStatement("SET TIME ZONE 'UTC'"));
        Assert.Equal("timezone", tz.Name);
        Assert.Equal("transaction_isolation", Assert.IsType<ShowStatement>(SqlParser.ParseStatement("SHOW TRANSACTION ISOLATION LEVEL")).Name);

        var begin = Assert.IsType<TransactionStatement>(SqlParser.ParseStatement("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
        Assert.Equal(IsolationLevel.RepeatableRead, begin.Modes!.Isolation);
        Assert.True(begin.Modes.ReadOnly);

        Assert.IsType<DoStatement>(SqlParser.ParseStatement("DO $$ BEGIN END $$"));
    }

    [Fact]
    public void ParseExpressionForStoredDefaults()
    {
        var e = SqlParser.ParseExpression("nextval('t_id_seq'::regclass)");
        var call = Assert.IsType<FunctionCall>(e);
        Assert.Equal("regclass", Assert.IsType<CastExpr>(call.Args[0]).Type.Name);
        Assert.Throws<PgException>(() => SqlParser.ParseExpression("1 2"));
    }
}
