namespace OmenDb.Durability.Tests;

/// <summary>
/// COMMENT ON is transactional, as in PostgreSQL (issue 5): another session sees the committed comments in
/// pg_description, obj_description, col_description and shobj_description until COMMIT; a committed comment survives a
/// restart, and another session's COMMIT meanwhile persists the committed text, not the uncommitted one.
/// </summary>
public sealed class CommentVersionTests
{
    private const string Comments = """
        SELECT 'rel ' || coalesce(obj_description('cv_t'::regclass, 'pg_class'), '-') UNION ALL
        SELECT 'col ' || coalesce(col_description('cv_t'::regclass, 2), '-') UNION ALL
        SELECT 'view col ' || coalesce(col_description('cv_v'::regclass, 1), '-') UNION ALL
        SELECT 'seq ' || coalesce(obj_description('cv_s'::regclass, 'pg_class'), '-') UNION ALL
        SELECT 'con ' || coalesce(obj_description(oid, 'pg_constraint'), '-') FROM pg_constraint WHERE conname = 'cv_chk' UNION ALL
        SELECT 'sch ' || coalesce(obj_description('cv_sch'::regnamespace, 'pg_namespace'), '-') UNION ALL
        SELECT 'db ' || coalesce(shobj_description(oid, 'pg_database'), '-') FROM pg_database WHERE datname = current_database() UNION ALL
        SELECT 'desc ' || count(*) FROM pg_description WHERE objoid IN ('cv_t'::regclass, 'cv_v'::regclass, 'cv_s'::regclass, 'cv_sch'::regnamespace)
        """;

    private const string Setup = """
        CREATE SCHEMA cv_sch;
        CREATE TABLE cv_t (id int PRIMARY KEY, v int CONSTRAINT cv_chk CHECK (v > 0));
        CREATE VIEW cv_v AS SELECT id FROM cv_t;
        CREATE SEQUENCE cv_s;
        COMMENT ON TABLE cv_t IS 't1';
        COMMENT ON SCHEMA cv_sch IS 's1'
        """;

    private const string Change = """
        BEGIN;
        COMMENT ON TABLE cv_t IS 't2';
        COMMENT ON COLUMN cv_t.v IS 'c2';
        COMMENT ON COLUMN cv_v.id IS 'v2';
        COMMENT ON SEQUENCE cv_s IS 'q2';
        COMMENT ON CONSTRAINT cv_chk ON cv_t IS 'k2';
        COMMENT ON SCHEMA cv_sch IS 's2';
        COMMENT ON DATABASE postgres IS 'd2'
        """;

    private static readonly List<string> Committed = ["rel t1", "col -", "view col -", "seq -", "con -", "sch s1", "db -", "desc 2"];

    private static readonly List<string> Changed = ["rel t2", "col c2", "view col v2", "seq q2", "con k2", "sch s2", "db d2", "desc 5"];

    [Fact]
    public async Task Another_sessions_uncommitted_comments_are_invisible_until_commit()
    {
        using var dir = new TempDataDirectory();
        await using var server = await InProcessServer.StartAsync(dir.Path);
        await using var a = await InProcessServer.ConnectAsync(server.Port);
        await using var b = await InProcessServer.ConnectAsync(server.Port);
        await a.ExecuteAsync(Setup);
        Assert.Equal(Committed, await b.RowsAsync(Comments));

        await a.ExecuteAsync(Change);
        Assert.Equal(Changed, await a.RowsAsync(Comments));
        Assert.Equal(Committed, await b.RowsAsync(Comments));

        // A second COMMENT on the schema waits for the first transaction, as PostgreSQL's row update does.
        await b.ExecuteAsync("SET lock_timeout = '50ms'");
        var blocked = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => b.ExecuteAsync("COMMENT ON SCHEMA cv_sch IS 'other'"));
        Assert.Equal("55P03", blocked.SqlState);
        await b.ExecuteAsync("ROLLBACK");

        await a.ExecuteAsync("COMMIT");
        Assert.Equal(Changed, await b.RowsAsync(Comments));
        await a.ExecuteAsync("BEGIN; COMMENT ON TABLE cv_t IS NULL; COMMENT ON DATABASE postgres IS NULL; COMMENT ON SCHEMA cv_sch IS ''; ROLLBACK");
        Assert.Equal(Changed, await b.RowsAsync(Comments));
    }

    [Fact]
    public async Task A_commit_of_other_ddl_persists_the_committed_comments_only()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var a = await InProcessServer.ConnectAsync(server.Port);
            await using var b = await InProcessServer.ConnectAsync(server.Port);
            await a.ExecuteAsync(Setup);
            await a.ExecuteAsync(Change);
            await b.ExecuteAsync("CREATE TABLE cv_other (x int)");
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var a = await InProcessServer.ConnectAsync(server.Port);
            Assert.Equal(Committed, await a.RowsAsync(Comments));
            await a.ExecuteAsync(Change);
            await a.ExecuteAsync("COMMIT");
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var a = await InProcessServer.ConnectAsync(server.Port);
            Assert.Equal(Changed, await a.RowsAsync(Comments));
        }
    }
}
