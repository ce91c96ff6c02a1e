using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Tests.Support;
using OmenDb.Engine.Types;
using OmenDb.Engine.Vectors;
using static OmenDb.Tests.Shared.VectorReference;

namespace OmenDb.Engine.Tests.Vectors;

/// <summary>
/// The shared exact pass through the engine: concurrent searches (several per segment, so that the lane kernel scores
/// them) must each get the k nearest rows a scalar brute force over the rows their snapshot sees gives, for every
/// operator and under a WHERE, after UPDATEs (new versions appended, old ones stamped deleted), DELETEs and INSERTs
/// change the table between rounds: the cached row norms and the segments' cached runs of stamps must follow every
/// change. The norm cache of a column is also checked on its own.
/// </summary>
public sealed class SharedVectorPassTests : IDisposable
{
    private const int Dims = 19;
    private const int K = 7;

    private readonly DatabaseEngine _engine = DatabaseEngine.Open(new EngineOptions { InMemory = true });
    private readonly Session _session;
    private readonly Dictionary<int, float[]> _rows = [];
    private readonly Random _random = new(11);

    public SharedVectorPassTests()
    {
        _session = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run($"CREATE TABLE sv (id int, v vector({Dims}))");
        Insert(0, 5000); // two full segments of 2,048 rows and a partial one
    }

    public void Dispose()
    {
        _session.Dispose();
        _engine.Dispose();
    }

    [Fact]
    public void Column_norm_cache_follows_writes()
    {
        var column = new FloatVectorColumn(PgTypes.Vector, 8);
        for (var r = 0; r < 8; r++)
        {
            column.SetValue(r, Vector());
        }

        AssertNorms(column, 8);
        Assert.Equal(8, column.CachedNorms);
        column.SetValue(5, Vector());
        Assert.Equal(5, column.CachedNorms);
        AssertNorms(column, 8);
        column.SetNull(2);
        Assert.Equal(2, column.CachedNorms);
        AssertNorms(column, 8);
        column.CopyFrom(column, 0, 6);
        Assert.Equal(6, column.CachedNorms);
        AssertNorms(column, 8);
        Assert.Equal(column.SquaredNorms(1)[0], column.SquaredNorms(8)[6]);
    }

    [Theory]
    [InlineData("<->")]
    [InlineData("<=>")]
    [InlineData("<#>")]
    [InlineData("<+>")]
    public void Concurrent_searches_follow_updates_deletes_and_inserts(string op)
    {
        AssertConcurrentSearches(op);
        Run("UPDATE sv SET v = v * '[" + string.Join(",", Enumerable.Repeat("0.5", Dims)) + "]' WHERE id % 7 = 3");
        foreach (var id in _rows.Keys.Where(id => id % 7 == 3).ToList())
        {
            _rows[id] = [.. _rows[id].Select(x => x * 0.5f)];
        }

        AssertConcurrentSearches(op);
        Run("DELETE FROM sv WHERE id % 5 = 1");
        foreach (var id in _rows.Keys.Where(id => id % 5 == 1).ToList())
        {
            _rows.Remove(id);
        }

        AssertConcurrentSearches(op);
        Insert(5000, 1500); // into the partial segment and a new one
        AssertConcurrentSearches(op);
        Run("BEGIN; DELETE FROM sv WHERE id < 3000; ROLLBACK"); // delete stamps of an aborted transaction
        AssertConcurrentSearches(op);
    }

    [Theory]
    [InlineData("<->", VectorMetric.L2)]
    [InlineData("<=>", VectorMetric.Cosine)]
    [InlineData("<#>", VectorMetric.NegativeInnerProduct)]
    [InlineData("<+>", VectorMetric.L1)]
    public void Searches_joining_a_running_pass_get_their_solo_answers(string op, VectorMetric metric)
    {
        Insert(5000, 9000); // 7 segments
        var table = (Catalog.TableInfo)_engine.Catalog.Databases["postgres"].Schemas["public"].Relations["sv"];
        var pass = SharedVectorPass.For(table.Data, 1, metric);
        for (var round = 0; round < 3; round++)
        {
            // Three searches start a pass; when a worker has scored segment 3, three more start and join it mid-way (the
            // worker waits for them before segment 3 counts as done, so the first three are still in): each must wrap
            // around to the segments it missed and get the rows a solo search gets.
            var late = new List<Thread>();
            var errors = new List<Exception>();
            var triggered = 0;
            var joined = false;
            pass.SegmentScored = (segment, _) =>
            {
                if (segment != 3 || Interlocked.Exchange(ref triggered, 1) != 0)
                {
                    return;
                }

                var before = pass.Joined;
                late.AddRange(Enumerable.Range(3, 3).Select(c => Searcher(op, c, errors)));
                late.ForEach(t => t.Start());
                joined = SpinWait.SpinUntil(() => pass.Joined >= before + 3, TimeSpan.FromSeconds(30));
            };
            try
            {
                var first = Enumerable.Range(0, 3).Select(c => Searcher(op, c, errors)).ToList();
                first.ForEach(t => t.Start());
                first.ForEach(t => t.Join());
                Assert.Equal(1, triggered);
                late.ForEach(t => t.Join());
            }
            finally
            {
                pass.SegmentScored = null;
            }

            Assert.Empty(errors);
            Assert.True(joined, "the late searches did not join the running pass");

            // Between passes: rows deleted and rewritten, so that each round's snapshots differ.
            Run($"DELETE FROM sv WHERE id % 11 = {round}");
            Run($"UPDATE sv SET v = v + v WHERE id % 13 = {round}");
            foreach (var id in _rows.Keys.ToList())
            {
                if (id % 11 == round)
                {
                    _rows.Remove(id);
                }
                else if (id % 13 == round)
                {
                    _rows[id] = [.. _rows[id].Select(x => x + x)];
                }
            }
        }
    }

    [Theory]
    [InlineData(false, "canceling statement due to user request")]
    [InlineData(true, "canceling statement due to statement timeout")]
    public void An_interrupted_search_leaves_the_pass_at_once_and_the_others_answers_are_unchanged(bool timeout, string message)
    {
        Insert(5000, 27000); // 16 segments
        var table = (Catalog.TableInfo)_engine.Catalog.Databases["postgres"].Schemas["public"].Relations["sv"];
        var pass = SharedVectorPass.For(table.Data, 1, VectorMetric.L2);
        using var victim = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        if (timeout)
        {
            SessionScript.Run(victim, "SET statement_timeout = 600000"); // made to pass from the hook below
        }

        // Three searches share the pass. The first worker to score a segment for the victim waits until all three are in,
        // then cancels the victim (or makes its statement_timeout pass) while the other workers wait too: the victim cannot
        // end meanwhile. From then on at most the one segment each other worker held may still be scored for it, not the
        // rest of its lap, and the two others must still get their solo answers.
        var before = pass.Joined;
        var interrupting = 0;
        var interrupted = false;
        var afterInterrupt = 0;
        var joined = false;
        pass.SegmentScored = (_, searches) =>
        {
            var victims = searches.Any(search => search.Session == victim);
            if (Volatile.Read(ref interrupted))
            {
                if (victims)
                {
                    Interlocked.Increment(ref afterInterrupt);
                }
            }
            else if (victims && Interlocked.Exchange(ref interrupting, 1) == 0)
            {
                joined = SpinWait.SpinUntil(() => pass.Joined >= before + 3, TimeSpan.FromSeconds(30));
                if (timeout)
                {
                    victim.ExpireStatementTimeout();
                }
                else
                {
                    victim.Cancel();
                }

                Volatile.Write(ref interrupted, true);
            }
            else if (Volatile.Read(ref interrupting) == 1)
            {
                SpinWait.SpinUntil(() => Volatile.Read(ref interrupted), TimeSpan.FromSeconds(30));
            }
        };
        var errors = new List<Exception>();
        Exception? raised = null;
        try
        {
            var query = Text(Vector());
            var victimThread = new Thread(() =>
            {
                try
                {
                    SessionScript.Run(victim, $"SELECT id FROM sv ORDER BY v <-> '{query}' LIMIT {K}");
                }
                catch (Exception e)
                {
                    raised = e;
                }
            });
            var others = Enumerable.Range(1, 2).Select(c => Searcher("<->", c, errors)).ToList();
            victimThread.Start();
            others.ForEach(t => t.Start());
            Assert.True(victimThread.Join(TimeSpan.FromMinutes(2)), "the interrupted search hung");
            Assert.All(others, t => Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a search hung"));
        }
        finally
        {
            pass.SegmentScored = null;
        }

        Assert.Empty(errors);
        Assert.True(joined, "the three searches did not share the pass");
        var error = Assert.IsType<PgException>(raised);
        Assert.Equal("57014", error.SqlState);
        Assert.Equal(message, error.Message);
        Assert.InRange(afterInterrupt, 0, Environment.ProcessorCount - 1);
        Assert.Equal(["1"], SessionScript.Run(victim, "SELECT 1")); // the session goes on
    }

    [Fact]
    public void A_query_of_another_dimension_fails_without_joining_the_pass()
    {
        var table = (Catalog.TableInfo)_engine.Catalog.Databases["postgres"].Schemas["public"].Relations["sv"];
        var pass = SharedVectorPass.For(table.Data, 1, VectorMetric.L2);
        var before = pass.Joined;
        var e = Assert.Throws<PgException>(() => Run("SELECT id FROM sv WHERE id % 3 = 1 ORDER BY v <-> '[1,2,3]' LIMIT 5"));
        Assert.Equal("22000", e.SqlState);
        Assert.Equal($"different vector dimensions {Dims} and 3", e.Message);
        Assert.Equal(before, pass.Joined);
        e = Assert.Throws<PgException>(() => Run("SELECT id FROM sv ORDER BY '[1,2,3]' <-> v LIMIT 5"));
        Assert.Equal($"different vector dimensions 3 and {Dims}", e.Message); // pgvector: the left operand's first
        Assert.Equal(before, pass.Joined);
        Run("DELETE FROM sv");
        Assert.Empty(SessionScript.Run(_session, "SELECT id FROM sv ORDER BY v <-> '[1,2,3]' LIMIT 5")); // no row, no error
    }

    [Fact]
    public async Task Searches_on_pool_threads_give_the_pools_minimum_back_when_they_end()
    {
        // A search on a pool thread raises the pool's minimum (its thread may wait in the pass); once no search is left,
        // the minimum goes back, so one burst does not leave the pool free to start a thread per past search for good.
        ThreadPool.GetMinThreads(out var before, out _);
        var queries = Enumerable.Range(0, 8).Select(_ => Vector()).ToArray();
        await Task.WhenAll(queries.Select((q, c) => Task.Run(() =>
        {
            using var session = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            AssertSearch(session, "<->", q, c % 4, "true");
        })));

        // Other tests' searches in this process may hold it raised for a while: it must come back once they end too.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        ThreadPool.GetMinThreads(out var now, out _);
        while (now > before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            ThreadPool.GetMinThreads(out now, out _);
        }

        Assert.True(now <= before, $"the pool's minimum stayed at {now} (it was {before} before the searches)");
    }

    /// <summary>A thread that runs one search (its own query; a WHERE for odd clients) and checks it.</summary>
    private Thread Searcher(string op, int client, List<Exception> errors) => new(() =>
    {
        try
        {
            using var session = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            AssertSearch(session, op, Vector(), client % 4, client % 2 == 0 ? "true" : $"id % 4 <> {client % 4}");
        }
        catch (Exception e)
        {
            lock (errors)
            {
                errors.Add(e);
            }
        }
    });

    /// <summary>Eight sessions search at once, each its own query and WHERE, and check their answers.</summary>
    private void AssertConcurrentSearches(string op)
    {
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, 8).Select(c => new Thread(() =>
        {
            try
            {
                using var session = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
                for (var q = 0; q < 2; q++)
                {
                    AssertSearch(session, op, Vector(), c % 4, (c + q) % 3 == 0 ? "true" : $"id % 4 <> {c % 4}");
                }
            }
            catch (Exception e)
            {
                lock (errors)
                {
                    errors.Add(e);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
    }

    /// <summary>One search against the brute-force reference: the same distances rank by rank (ties may swap ids), each
    /// id at its own true distance, alive and kept by the WHERE.</summary>
    internal static void AssertSearch(Session session, string op, float[] query, int excluded, string where, IReadOnlyDictionary<int, float[]> rows)
    {
        var text = Text(query);
        var got = SessionScript.Run(session, $"SELECT id, v {op} '{text}' FROM sv WHERE {where} ORDER BY v {op} '{text}' LIMIT {K}")
            .Select(line => line.Split('|')).Select(p => (Id: int.Parse(p[0], CultureInfo.InvariantCulture), Distance: double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        var keep = where == "true" ? (Func<int, bool>)(_ => true) : id => id % 4 != excluded;
        var reference = rows.Where(r => keep(r.Key)).Select(r => Reference(op, r.Value, query)).Order().Take(K).ToList();
        Assert.Equal(reference.Count, got.Count);
        for (var i = 0; i < got.Count; i++)
        {
            Assert.Equal(reference[i], got[i].Distance, 1e-5);
            Assert.True(rows.TryGetValue(got[i].Id, out var row), $"row {got[i].Id} is not alive");
            Assert.True(keep(got[i].Id), $"row {got[i].Id} fails the WHERE");
            Assert.Equal(Reference(op, row, query), got[i].Distance, 1e-5);
        }
    }

    private void AssertSearch(Session session, string op, float[] query, int excluded, string where) =>
        AssertSearch(session, op, query, excluded, where, _rows);

    private float[] Vector()
    {
        lock (_random)
        {
            var v = new float[Dims];
            for (var d = 0; d < Dims; d++)
            {
                v[d] = (float)Math.Round((_random.NextDouble() * 2) - 1, 3);
            }

            return v;
        }
    }

    private void Insert(int from, int count)
    {
        for (var start = from; start < from + count; start += 500)
        {
            var values = new List<string>();
            for (var id = start; id < Math.Min(start + 500, from + count); id++)
            {
                _rows[id] = Vector();
                values.Add($"({id}, '{Text(_rows[id])}')");
            }

            Run("INSERT INTO sv VALUES " + string.Join(",", values));
        }
    }

    private static void AssertNorms(FloatVectorColumn column, int rows)
    {
        var norms = column.SquaredNorms(rows);
        for (var r = 0; r < rows; r++)
        {
            var expected = column.IsNull(r) ? 0.0 : column.Row(r).ToArray().Sum(x => (double)x * x);
            Assert.Equal(expected, norms[r], 1e-4);
        }
    }

    private void Run(string sql) => SessionScript.Run(_session, sql);
}
