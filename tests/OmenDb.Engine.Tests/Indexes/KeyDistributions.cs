namespace OmenDb.Engine.Tests.Indexes;

/// <summary>
/// Synthetic key sets for the index engines (shared by the property tests and, linked, by the benchmarks): every
/// set is strictly increasing 64-bit keys, generated from a fixed seed. The shapes follow the SOSD benchmark's
/// families without its data: dense and gapped sequences, uniform, normal, lognormal, clustered, piecewise
/// densities, "books"-like heavy-tailed gaps, "osm"-like cell ids (interleaved coordinate bits, large empty
/// regions), and keys at the extremes of the type.
/// </summary>
internal static class KeyDistributions
{
    /// <summary>Names accepted by <see cref="Generate"/>.</summary>
    public static readonly string[] Names =
        ["sequential", "gapped", "uniform", "normal", "lognormal", "clustered", "piecewise", "books", "osm", "extremes"];

    /// <summary>About <paramref name="n"/> distinct sorted keys of the named shape (exactly n unless the shape cannot make them).</summary>
    public static long[] Generate(string name, int n, int seed = 42)
    {
        var rng = new Random(seed);
        var set = new HashSet<long>(n);
        switch (name)
        {
            case "sequential":
                return [.. Enumerable.Range(0, n).Select(i => 1_000_000L + i)];
            case "gapped":
            {
                // A sequence with deletions: gaps of 1..10, and now and then a jump of a million.
                var keys = new long[n];
                var k = 0L;
                for (var i = 0; i < n; i++)
                {
                    k += rng.Next(1, 11) + (rng.Next(1000) == 0 ? 1_000_000 : 0);
                    keys[i] = k;
                }

                return keys;
            }

            case "uniform":
                Fill(set, n, () => rng.NextInt64(long.MinValue, long.MaxValue));
                break;
            case "normal":
                Fill(set, n, () => (long)(Gaussian(rng) * 1e12));
                break;
            case "lognormal":
                Fill(set, n, () => (long)Math.Min(Math.Exp(Gaussian(rng) * 2 + 10) * 1e6, 9e18));
                break;
            case "clustered":
            {
                // 100 dense clusters scattered over the whole range.
                var centres = Enumerable.Range(0, 100).Select(_ => rng.NextInt64(long.MinValue / 2, long.MaxValue / 2)).ToArray();
                Fill(set, n, () => centres[rng.Next(centres.Length)] + rng.NextInt64(0, Math.Max(1000, n * 20L)));
                break;
            }

            case "piecewise":
            {
                // Ten runs of very different densities.
                var per = Math.Max(1, n / 10);
                var k = 0L;
                var keys = new List<long>(n);
                for (var run = 0; run < 10; run++)
                {
                    var step = 1L << (run * 5 % 40);
                    for (var i = 0; i < per && keys.Count < n; i++)
                    {
                        k += 1 + rng.NextInt64(step);
                        keys.Add(k);
                    }
                }

                return [.. keys];
            }

            case "books":
            {
                // Heavy-tailed gaps (Pareto): most keys packed, a few huge jumps.
                var keys = new long[n];
                var k = 0L;
                for (var i = 0; i < n; i++)
                {
                    k += 1 + (long)Math.Min(1e9, Math.Pow(1 - rng.NextDouble(), -1.5));
                    keys[i] = k;
                }

                return keys;
            }

            case "osm":
                // Morton codes of points clustered around 50 "cities" on a 2^31 × 2^31 grid.
                var cities = Enumerable.Range(0, 50).Select(_ => (X: rng.Next(), Y: rng.Next())).ToArray();
                Fill(set, n, () =>
                {
                    var c = cities[rng.Next(cities.Length)];
                    var x = (uint)Math.Clamp(c.X + (Gaussian(rng) * 1e6), 0, int.MaxValue);
                    var y = (uint)Math.Clamp(c.Y + (Gaussian(rng) * 1e6), 0, int.MaxValue);
                    return (long)Interleave(x, y);
                });
                break;
            case "extremes":
            {
                // The type's ends, their neighbours, and random keys in between.
                long[] ends = [long.MinValue, long.MinValue + 1, long.MinValue + 2, -1, 0, 1, long.MaxValue - 2, long.MaxValue - 1, long.MaxValue];
                foreach (var e in ends.Take(n))
                {
                    set.Add(e);
                }

                Fill(set, n, () => rng.NextInt64(long.MinValue, long.MaxValue));
                break;
            }

            default:
                throw new ArgumentException($"unknown distribution {name}", nameof(name));
        }

        var sorted = set.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static void Fill(HashSet<long> set, int n, Func<long> next)
    {
        for (var attempts = 0; set.Count < n && attempts < n * 20; attempts++)
        {
            set.Add(next());
        }
    }

    private static double Gaussian(Random rng)
        => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static ulong Interleave(uint x, uint y)
    {
        ulong z = 0;
        for (var b = 0; b < 32; b++)
        {
            z |= ((ulong)(x >> b & 1) << (2 * b)) | ((ulong)(y >> b & 1) << ((2 * b) + 1));
        }

        return z;
    }
}
