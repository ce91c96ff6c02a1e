using BenchmarkDotNet.Attributes;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;

namespace OmenDb.Benchmarks.Queries;

/// <summary>
/// Prepared primary-key lookups, range scans and single-row autocommit inserts through the engine's session API (Bind,
/// fetch, Sync), without the wire: the per-statement work and allocation of the paths the side-by-side harness
/// measures end to end (in memory: the commit writes no WAL).
/// </summary>
[MemoryDiagnoser]
public class KeyQueryBenchmarks
{
    private const int Rows = 100_000;
    private DatabaseEngine _engine = null!;
    private Session _session = null!;
    private PreparedStatement _lookup = null!;
    private PreparedStatement _range = null!;
    private PreparedStatement _insert = null!;
    private readonly object?[] _parameters = new object?[1];
    private readonly object?[] _rangeParameters = new object?[2];
    private readonly object?[] _insertParameters = new object?[3];
    private int _next;
    private int _nextInsert = Rows;

    [GlobalSetup]
    public void Setup()
    {
        _engine = DatabaseEngine.Open(new EngineOptions { InMemory = true });
        _session = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run("CREATE TABLE t (id int PRIMARY KEY, v text, n int)");
        Run($"INSERT INTO t SELECT g, 'value-' || g, g % 100 FROM generate_series(1, {Rows}) g");
        _lookup = _session.Prepare("SELECT v, n FROM t WHERE id = $1", [23]);
        _range = _session.Prepare("SELECT id, v, n FROM t WHERE id BETWEEN $1 AND $1 + $2 - 1", [23, 23]);
        Run("CREATE TABLE ins (id int PRIMARY KEY, v text, n int)");
        _insert = _session.Prepare("INSERT INTO ins (id, v, n) VALUES ($1, $2, $3)", [23, 25, 23]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        _engine.Dispose();
    }

    [Benchmark]
    public int Lookup()
    {
        _parameters[0] = NextKey();
        return Fetch(_lookup, _parameters);
    }

    [Benchmark]
    [Arguments(100)]
    [Arguments(10_000)]
    public int Range(int rows)
    {
        _rangeParameters[0] = NextKey() % (Rows - rows);
        _rangeParameters[1] = rows;
        return Fetch(_range, _rangeParameters);
    }

    [Benchmark]
    public int Insert()
    {
        _insertParameters[0] = ++_nextInsert;
        _insertParameters[1] = "inserted";
        _insertParameters[2] = _nextInsert % 100;
        return Fetch(_insert, _insertParameters);
    }

    private int NextKey()
    {
        _next = (_next * 7919 + 13) % Rows;
        return _next + 1;
    }

    private int Fetch(PreparedStatement statement, object?[] parameters)
    {
        using var portal = _session.Bind(statement, parameters);
        var rows = 0;
        while (portal.TryFetch(0, out var batch))
        {
            rows += batch?.LiveCount ?? 0;
        }

        _session.Sync();
        return rows;
    }

    private void Run(string sql)
    {
        foreach (var statement in _session.ParseScript(sql))
        {
            using var portal = _session.Bind(_session.Prepare(statement), []);
            while (portal.TryFetch(0, out Batch? _))
            {
            }
        }

        _session.Sync();
    }
}
