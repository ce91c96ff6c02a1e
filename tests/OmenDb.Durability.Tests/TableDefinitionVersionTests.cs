namespace OmenDb.Durability.Tests;

/// <summary>
/// A table's definition is versioned per transaction, as PostgreSQL's catalog rows are: another session's uncommitted
/// ALTER TABLE is invisible in pg_catalog and information_schema until COMMIT (statements on the table wait on its lock
/// instead); ROLLBACK and ROLLBACK TO SAVEPOINT put back exactly the columns and data ADD COLUMN and ALTER COLUMN TYPE
/// changed; nothing of a rolled-back or uncommitted ALTER reaches storage, even when another session commits DDL meanwhile.
/// </summary>
public sealed class TableDefinitionVersionTests
{
    /// <summary>Columns with type, NOT NULL and default, constraints, and the relation's name, as pg_catalog and information_schema give them.</summary>
    private const string Definition = """
        SELECT 'col ' || a.attnum || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
            || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || CASE WHEN a.attisdropped THEN ' dropped' ELSE '' END
        FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = (SELECT oid FROM pg_class WHERE relname LIKE 'dv\_t%' AND relkind = 'r') AND a.attnum > 0
        UNION ALL
        SELECT 'con ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
        WHERE conrelid = (SELECT oid FROM pg_class WHERE relname LIKE 'dv\_t%' AND relkind = 'r')
        UNION ALL
        SELECT 'rel ' || relname || ' ' || relkind::text || ' ' || relnatts FROM pg_class WHERE relname LIKE 'dv\_t%'
        UNION ALL
        SELECT 'isc ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-')
        FROM information_schema.columns WHERE table_name LIKE 'dv\_t%'
        ORDER BY 1
        """;

    [Fact]
    public async Task Another_sessions_uncommitted_alter_table_is_invisible_in_the_catalog_until_commit()
    {
        using var dir = new TempDataDirectory();
        await using var server = await InProcessServer.StartAsync(dir.Path);
        await using var a = await InProcessServer.ConnectAsync(server.Port);
        await using var b = await InProcessServer.ConnectAsync(server.Port);
        await a.ExecuteAsync("""
            CREATE TABLE dv_t (id int PRIMARY KEY, v text DEFAULT 'x', w int NOT NULL, gone int, CONSTRAINT dv_w CHECK (w > 0));
            CREATE INDEX dv_t_gone ON dv_t (gone);
            INSERT INTO dv_t VALUES (1, 'a', 1, 10)
            """);
        var committed = await b.RowsAsync(Definition);
        Assert.Contains("col 2 v text default 'x'::text", committed);
        Assert.Contains("rel dv_t_gone i 1", committed);

        await a.ExecuteAsync("""
            BEGIN;
            ALTER TABLE dv_t ADD COLUMN n int DEFAULT 5 NOT NULL;
            ALTER TABLE dv_t ALTER COLUMN v TYPE varchar(10);
            ALTER TABLE dv_t ALTER COLUMN v SET DEFAULT 'y';
            ALTER TABLE dv_t ALTER COLUMN w DROP NOT NULL;
            ALTER TABLE dv_t DROP COLUMN gone;
            ALTER TABLE dv_t DROP CONSTRAINT dv_w;
            ALTER TABLE dv_t ADD CONSTRAINT dv_n CHECK (n < 100);
            ALTER TABLE dv_t ADD CONSTRAINT dv_v UNIQUE (v);
            ALTER TABLE dv_t RENAME COLUMN w TO w2;
            ALTER TABLE dv_t RENAME TO dv_t2
            """);
        var altered = await a.RowsAsync(Definition);
        Assert.Contains("col 5 n integer not null default 5", altered);
        Assert.Contains("col 2 v character varying(10) default 'y'::character varying", altered);
        Assert.Contains(altered, r => r.StartsWith("col 4 ........pg.dropped.4........ ", StringComparison.Ordinal) && r.EndsWith(" dropped", StringComparison.Ordinal));
        Assert.Contains("rel dv_t2 r 5", altered);
        Assert.Contains("con dv_v UNIQUE (v)", altered);

        // The other session sees the committed definition, whichever way it asks, and again on a second scan (cached).
        Assert.Equal(committed, await b.RowsAsync(Definition));
        Assert.Equal(committed, await b.RowsAsync(Definition));
        Assert.Equal(["dv_t"], await b.RowsAsync("SELECT relname::text FROM pg_class WHERE oid = 'dv_t'::regclass"));
        Assert.Equal(["dv_t_pkey", "dv_w"], await b.RowsAsync("SELECT conname::text FROM pg_constraint WHERE conname LIKE 'dv\\_%' ORDER BY 1"));
        Assert.Equal(altered, await a.RowsAsync(Definition));

        await a.ExecuteAsync("COMMIT");
        Assert.Equal(altered, await b.RowsAsync(Definition));
        Assert.Equal(["1|a|1|5"], await b.RowsAsync("SELECT id::text, v, w2::text, n::text FROM dv_t2"));
        await a.ExecuteAsync("DROP TABLE dv_t2");
    }

    [Fact]
    public async Task Savepoints_and_index_definitions_follow_the_definition_each_session_sees()
    {
        using var dir = new TempDataDirectory();
        await using var server = await InProcessServer.StartAsync(dir.Path);
        await using var a = await InProcessServer.ConnectAsync(server.Port);
        await using var b = await InProcessServer.ConnectAsync(server.Port);
        const string Columns = "SELECT string_agg(attname::text, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'dv_s'::regclass AND attnum > 0";
        const string Index = "SELECT pg_get_indexdef('dv_s_v'::regclass) || ' ' || (SELECT attname FROM pg_attribute WHERE attrelid = 'dv_s_v'::regclass)";
        await a.ExecuteAsync("CREATE TABLE dv_s (id int PRIMARY KEY, v int); CREATE INDEX dv_s_v ON dv_s (v)");

        await a.ExecuteAsync("BEGIN; SAVEPOINT s; ALTER TABLE dv_s ADD COLUMN n int");
        Assert.Equal(["id,v,n"], await a.RowsAsync(Columns));
        Assert.Equal(["id,v"], await b.RowsAsync(Columns));
        await a.ExecuteAsync("ROLLBACK TO s");
        Assert.Equal(["id,v"], await a.RowsAsync(Columns));
        Assert.Equal(["id,v"], await b.RowsAsync(Columns));

        await a.ExecuteAsync("ALTER TABLE dv_s RENAME COLUMN v TO w");
        Assert.Equal(["CREATE INDEX dv_s_v ON public.dv_s USING btree (w) w"], await a.RowsAsync(Index));
        Assert.Equal(["CREATE INDEX dv_s_v ON public.dv_s USING btree (v) v"], await b.RowsAsync(Index));

        // Renamed indexes and views keep their committed names for others, in pg_class as in name lookups.
        const string Names = "SELECT string_agg(relname::text, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE 'dv\\_s%'";
        await b.ExecuteAsync("CREATE VIEW dv_s_view AS SELECT 1 AS one");
        await a.ExecuteAsync("ALTER INDEX dv_s_v RENAME TO dv_s_w; ALTER VIEW dv_s_view RENAME TO dv_s_view2");
        Assert.Equal(["dv_s,dv_s_pkey,dv_s_view2,dv_s_w"], await a.RowsAsync(Names));
        Assert.Equal(["dv_s,dv_s_pkey,dv_s_v,dv_s_view"], await b.RowsAsync(Names));
        Assert.Equal(["dv_s_view"], await b.RowsAsync("SELECT relname::text FROM pg_class WHERE oid = 'dv_s_view'::regclass"));
        await a.ExecuteAsync("COMMIT");
        Assert.Equal(["dv_s,dv_s_pkey,dv_s_view2,dv_s_w"], await b.RowsAsync(Names));
        Assert.Equal(["CREATE INDEX dv_s_w ON public.dv_s USING btree (w)"], await b.RowsAsync("SELECT pg_get_indexdef('dv_s_w'::regclass)"));
        Assert.Equal(["id,w"], await b.RowsAsync(Columns));
    }

    [Fact]
    public async Task A_commit_of_other_ddl_persists_the_committed_definition_of_a_table_altered_meanwhile()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var a = await InProcessServer.ConnectAsync(server.Port);
            await using var b = await InProcessServer.ConnectAsync(server.Port);
            await a.ExecuteAsync("CREATE TABLE dv_t (id int PRIMARY KEY, v text); INSERT INTO dv_t VALUES (1, '10'), (2, '20')");
            await a.ExecuteAsync("""
                BEGIN;
                ALTER TABLE dv_t ALTER COLUMN v TYPE int USING v::int;
                ALTER TABLE dv_t ADD COLUMN n int DEFAULT 7;
                ALTER TABLE dv_t RENAME TO dv_t_new
                """);
            await b.ExecuteAsync("CREATE TABLE dv_other (x int)");
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var c = await InProcessServer.ConnectAsync(server.Port);
            Assert.Equal(["1|10|text", "2|20|text"], await c.RowsAsync("SELECT id::text, v, pg_typeof(v)::text FROM dv_t ORDER BY id"));
            Assert.Equal(["id", "v"], await c.RowsAsync(
                "SELECT attname::text FROM pg_attribute WHERE attrelid = 'dv_t'::regclass AND attnum > 0 ORDER BY attnum"));
        }
    }

    [Theory]
    [InlineData("ROLLBACK")]
    [InlineData("ROLLBACK TO s; COMMIT")]
    public async Task Rollback_puts_back_the_columns_and_data_add_column_and_alter_type_changed(string end)
    {
        using var dir = new TempDataDirectory();
        const string Rows = "SELECT id::text || '|' || coalesce(v, 'null') || '|' || pg_typeof(v)::text FROM dv_t ORDER BY id";
        const string Columns = "SELECT attnum || ' ' || attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'dv_t'::regclass AND attnum > 0 ORDER BY attnum";
        List<string> before, columns;
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var a = await InProcessServer.ConnectAsync(server.Port);
            await using var b = await InProcessServer.ConnectAsync(server.Port);
            await a.ExecuteAsync("CREATE TABLE dv_t (id int PRIMARY KEY, v text)");
            await b.ExecuteAsync("INSERT INTO dv_t SELECT g, 'b' || g FROM generate_series(1, 3000) g; INSERT INTO dv_t VALUES (0, NULL)");
            await b.ExecuteAsync("DELETE FROM dv_t WHERE id = 5; UPDATE dv_t SET v = 'u' WHERE id = 6");
            before = await b.RowsAsync(Rows);
            columns = await b.RowsAsync(Columns);

            // Work of the transaction before the savepoint stays (with ROLLBACK TO); everything after it goes.
            await a.ExecuteAsync("BEGIN; INSERT INTO dv_t VALUES (-1, 'kept'); SAVEPOINT s");
            await a.ExecuteAsync("""
                ALTER TABLE dv_t ADD COLUMN n int DEFAULT 7;
                INSERT INTO dv_t VALUES (-2, 'after add', 8);
                ALTER TABLE dv_t ALTER COLUMN v TYPE int USING length(v);
                INSERT INTO dv_t VALUES (-3, 42, 9);
                UPDATE dv_t SET v = v + 1 WHERE id BETWEEN 1 AND 100;
                DELETE FROM dv_t WHERE id = 7;
                ALTER TABLE dv_t ADD COLUMN m text DEFAULT 'm';
                ALTER TABLE dv_t ALTER COLUMN v TYPE bigint
                """);
            Assert.Equal(["3002|7|9"], await a.RowsAsync("SELECT count(*)::text || '|' || min(n) || '|' || max(n) FROM dv_t"));
            await a.ExecuteAsync(end);

            var expected = end == "ROLLBACK" ? before : ["-1|kept|text", .. before];
            Assert.Equal(expected, await a.RowsAsync(Rows));
            Assert.Equal(expected, await b.RowsAsync(Rows));
            Assert.Equal(columns, await b.RowsAsync(Columns));
            Assert.Equal(["1 id integer", "2 v text"], columns);

            // The rows written after the rollback fit the restored definition, and a new column takes the freed attnum.
            await b.ExecuteAsync("INSERT INTO dv_t VALUES (9000, 'later')");
            await a.ExecuteAsync("BEGIN; ALTER TABLE dv_t ADD COLUMN z int; ROLLBACK");
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var c = await InProcessServer.ConnectAsync(server.Port);
            var expected = end == "ROLLBACK" ? before : ["-1|kept|text", .. before];
            Assert.Equal([.. expected, "9000|later|text"], await c.RowsAsync(Rows));
            Assert.Equal(columns, await c.RowsAsync(Columns));
            await c.ExecuteAsync("ALTER TABLE dv_t ADD COLUMN z int DEFAULT 1");
            Assert.Equal(["1 id integer", "2 v text", "3 z integer"], await c.RowsAsync(Columns));
            Assert.Equal(["true"], await c.RowsAsync("SELECT (sum(z) = count(*))::text FROM dv_t"));
        }
    }
}
