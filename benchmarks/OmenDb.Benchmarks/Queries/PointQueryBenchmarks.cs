using BenchmarkDotNet.Attributes;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;

namespace OmenDb.Benchmarks.Queries;

/// <summary>
/// One prepared primary-key lookup through the engine's session API (Bind, fetch, Sync), without the wire: the
/// per-query work and allocation of the point-query path that the side-by-side harness measures end to end.
/// </summary>
[MemoryDiagnoser]
public class PointQueryBenchmarks
{
    private const int Rows = 100_000;
    private DatabaseEngine _engine = null!;
    private Session _session = null!;
    private PreparedStatement _lookup = null!;
    private readonly object?[] _parameters = new object?[1];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _engine = DatabaseEngine.Open(new EngineOptions { InMemory = true });
        _session = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run("CREATE TABLE t (id int PRIMARY KEY, v text, n int)");
        Run($"INSERT INTO t SELECT g, 'value-' || g, g % 100 FROM generate_series(1, {Rows}) g");
        _lookup = _session.Prepare("SELECT v, n FROM t WHERE id = $1", [23]);
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
        _next = (_next * 7919 + 13) % Rows;
        _parameters[0] = _next + 1;
        using var portal = _session.Bind(_lookup, _parameters);
        var rows = 0;
        while (portal.TryFetch(0, out var batch))
        {
            rows += batch!.LiveCount;
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
