using OmenDb.Engine.Indexes;
using OmenDb.Engine.Tests.Indexes;

namespace OmenDb.Benchmarks.Indexes;

/// <summary>Key sets and probes shared by the index benchmarks (generated once per process: 10M keys take seconds).</summary>
internal static class IndexBenchmarkData
{
    private static readonly Dictionary<(string, int), long[]> s_keys = [];

    /// <summary>Engine names accepted by <see cref="Build"/>, as benchmark parameters.</summary>
    public static readonly string[] EngineNames = ["binary", "btree", "linear", "pgm"];

    public static long[] Keys(string distribution, int n)
    {
        lock (s_keys)
        {
            if (!s_keys.TryGetValue((distribution, n), out var keys))
            {
                keys = KeyDistributions.Generate(distribution, n);
                s_keys[(distribution, n)] = keys;
            }

            return keys;
        }
    }

    /// <summary>Drops a cached key set (the comparison walks through many 10M sets).</summary>
    public static void Forget(string distribution, int n)
    {
        lock (s_keys)
        {
            s_keys.Remove((distribution, n));
        }
    }

    /// <summary>Existing keys at uniformly random positions (a point lookup that hits).</summary>
    public static long[] Probes(long[] keys, int count, int seed = 1)
    {
        var rng = new Random(seed);
        var probes = new long[count];
        for (var i = 0; i < count; i++)
        {
            probes[i] = keys[rng.Next(keys.Length)];
        }

        return probes;
    }

    /// <summary>Builds the named engine and advises the keys and the engine's arrays into huge pages, as OrderedKeyIndex does.</summary>
    public static IIndexEngine Build(string engine, long[] keys)
    {
        HugePages.Advise(keys);
        var built = Create(engine, keys);
        built.AdviseHugePages();
        return built;
    }

    private static IIndexEngine Create(string engine, long[] keys) => engine switch
    {
        "binary" => new BinarySearchEngine(keys),
        "btree" => new BPlusTreeEngine(keys),
        "linear" => new LinearModelEngine(keys),
        "pgm" => new PgmEngine(keys),
        "pgm4" => new PgmEngine(keys, 4),
        "pgm11" => new PgmEngine(keys, 11),
        "pgm15" => new PgmEngine(keys, 15),
        "pgm31" => new PgmEngine(keys, 31),
        _ => throw new ArgumentException($"unknown engine {engine}", nameof(engine)),
    };
}
