using System.Globalization;
using System.Runtime.CompilerServices;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// ns per lookup of <paramref name="engine"/> over <paramref name="probes"/>, one lookup after the other or through
/// its batched search (<paramref name="batched"/>). The calibration's clock: <see cref="IndexCalibration.Measured"/> times
/// the engine; tests inject fixed figures.
/// </summary>
internal delegate double LookupClock(IIndexEngine engine, long[] probes, bool batched);

/// <summary>
/// The chooser's measured decision between a PGM index and the B+-tree over the same keys: both engines are timed on
/// samples of lookups at build time and the PGM index is taken only when it measured at least
/// <see cref="SingleMargin"/>× faster on single lookups and no slower than <see cref="BatchFloor"/>× on batched ones.
/// <para>
/// Why time instead of trusting <see cref="IndexCostModel"/>: the cost model counts cache misses by layout, but what a
/// miss costs depends on the machine, its load and its memory system, and the two engines are close (at 10M keys
/// the PGM index measured 0.98–1.22× the B+-tree on a quiet machine, benchmarks/RESULTS.md 11:46, while the model
/// predicted 1.14–1.16×): a fixed margin over a model cannot keep issue 6's 0.9× floor with any certainty, a
/// measurement on the machine itself can.
/// </para>
/// <para>
/// Method: <see cref="Rounds"/> rounds; each round times both engines, in alternating order, on fresh probes of
/// <see cref="ProbesPerSample"/> existing keys at random positions (deterministic seeds), single and batched;
/// untimed rounds before them (<see cref="WarmupRounds"/>) bring both engines' caches to where steady use leaves
/// them. The decision compares the medians, so one disturbed sample (another process, a GC) changes nothing. At 10M
/// keys this is about 2 × 7 × 2,048 lookups of ~100 ns each: 3–5 ms after a warm-up of about 90 ms, next to builds
/// of 300–1,000 ms. Below <see cref="MinKeys"/> keys the timings would be a few microseconds each, too close to the
/// timer's noise, and the cost model decides.
/// </para>
/// </summary>
internal sealed record IndexCalibration(double PgmNs, double BTreeNs, double PgmBatchNs, double BTreeBatchNs, int Keys)
{
    /// <summary>Fewest keys for which the engines are timed (below, <see cref="IndexCostModel"/> decides).</summary>
    public const int MinKeys = 1 << 18;

    /// <summary>
    /// Most keys the engines are built over for timing. Above, both are built over every k-th key instead (k the
    /// smallest stride that fits, <see cref="Sample"/>): the same distribution, still far beyond the caches (2^24
    /// keys: 128 MB of keys), while the memory the timing costs stays bounded: at 100M keys a full B+-tree built only
    /// to be timed (8.5 bytes per key) would hold another ~850 MB next to the PGM index until the choice; the sample
    /// and its B+-tree hold ~270 MB, and nothing more as the index grows.
    /// </summary>
    public const int MaxKeys = 1 << 24;

    /// <summary>Timed rounds; each times both engines once, single and batched.</summary>
    public const int Rounds = 7;

    /// <summary>Most untimed warm-up rounds (<see cref="WarmupRounds"/>).</summary>
    public const int MaxWarmupRounds = 128;

    /// <summary>
    /// Untimed rounds (each a sample of single and one of batched lookups on both engines, taking turns) before the
    /// timed ones: one per 32 × <see cref="ProbesPerSample"/> keys, at most <see cref="MaxWarmupRounds"/>. Right after
    /// the builds the engine built last holds the caches: at 10M keys the B+-tree's 85 MB of freshly written nodes fill
    /// most of a 105 MB L3 and push out the key array the PGM index reads, and with one warm-up round the PGM index
    /// timed 0.96× the B+-tree on lognormal keys (steady use: 1.21×) and 0.86× batched on gapped keys (1.11×). After
    /// 128 rounds (262,144 single and as many batched lookups per engine, about 90 ms at 10M keys) the timings match
    /// steady use within a few percent (benchmarks/RESULTS.md, 21:20–22:10 section).
    /// </summary>
    public static int WarmupRounds(int keys) => Math.Clamp(keys / (32 * ProbesPerSample), 1, MaxWarmupRounds);

    /// <summary>Lookups per timed sample.</summary>
    public const int ProbesPerSample = 2048;

    /// <summary>
    /// Measured single-lookup speed-up the PGM index needs over the B+-tree. The medians of seven interleaved samples
    /// move by a few percent between builds on a loaded machine, so 1.05 keeps a measured choice well above the 0.9×
    /// floor and still takes the PGM index wherever it is clearly faster.
    /// </summary>
    public const double SingleMargin = 1.05;

    /// <summary>Measured batched speed-up below which the PGM index is refused even when its single lookups win.</summary>
    public const double BatchFloor = 0.95;

    /// <summary>Single-lookup speed-up of the PGM index over the B+-tree (above 1: the PGM index is faster).</summary>
    public double SingleSpeedup => BTreeNs / PgmNs;

    /// <summary>Batched speed-up of the PGM index over the B+-tree's batched search.</summary>
    public double BatchSpeedup => BTreeBatchNs / PgmBatchNs;

    /// <summary>Whether the PGM index measured fast enough to be chosen.</summary>
    public bool PgmWins => SingleSpeedup >= SingleMargin && BatchSpeedup >= BatchFloor;

    /// <summary>Whether a decision calibrated at <see cref="Keys"/> keys still stands for an index of <paramref name="count"/> keys (within a factor of two).</summary>
    public bool Covers(int count) => count >= Keys / 2 && count / 2 <= Keys;

    /// <summary>The figures in words, for the statistics view and the log.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"measured at {Keys} keys: pgm {PgmNs:0.0} ns vs btree {BTreeNs:0.0} ns per lookup ({SingleSpeedup:0.00}x, needs {SingleMargin}x), batched {PgmBatchNs:0.0} vs {BTreeBatchNs:0.0} ns ({BatchSpeedup:0.00}x, needs {BatchFloor}x)");

    /// <summary>
    /// Times <paramref name="pgm"/> and <paramref name="btree"/> (each holding every key of <paramref name="keys"/>) with
    /// <paramref name="clock"/>, for an index of <paramref name="indexKeys"/> keys (<paramref name="keys"/> may be its
    /// <see cref="Sample"/>; by default the keys are the index's own).
    /// </summary>
    public static IndexCalibration Measure(IIndexEngine pgm, IIndexEngine btree, long[] keys, LookupClock? clock = null, int indexKeys = -1)
    {
        clock ??= Measured;
        IIndexEngine[] engines = [pgm, btree];
        var single = new double[2][];
        var batched = new double[2][];
        for (var e = 0; e < 2; e++)
        {
            single[e] = new double[Rounds];
            batched[e] = new double[Rounds];
        }

        // Both engines take turns for long enough that the caches hold what steady use leaves there, not the last build.
        for (var round = 0; round < WarmupRounds(keys.Length); round++)
        {
            for (var j = 0; j < 2; j++)
            {
                var seed = 1000 + (round * 4) + (j * 2);
                clock(engines[(round + j) % 2], Probes(keys, seed), batched: false);
                clock(engines[(round + j) % 2], Probes(keys, seed + 1), batched: true);
            }
        }

        for (var round = 0; round < Rounds; round++)
        {
            for (var j = 0; j < 2; j++)
            {
                // Alternate which engine goes first, so that neither always runs right after the other's cache damage.
                var e = (round + j) % 2;
                var seed = (round * 4) + (e * 2);
                single[e][round] = clock(engines[e], Probes(keys, seed), batched: false);
                batched[e][round] = clock(engines[e], Probes(keys, seed + 1), batched: true);
            }
        }

        return new IndexCalibration(Median(single[0]), Median(single[1]), Median(batched[0]), Median(batched[1]),
            indexKeys < 0 ? keys.Length : indexKeys);
    }

    /// <summary>
    /// The keys to time the engines on: <paramref name="keys"/> itself up to <paramref name="maxKeys"/>, else every k-th
    /// key for the smallest stride k that leaves at most <paramref name="maxKeys"/> (strictly increasing, as the engines need).
    /// </summary>
    public static long[] Sample(long[] keys, int maxKeys = MaxKeys)
    {
        if (keys.Length <= maxKeys)
        {
            return keys;
        }

        var stride = (keys.Length / maxKeys) + (keys.Length % maxKeys == 0 ? 0 : 1);
        var sample = new long[(keys.Length + stride - 1) / stride];
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = keys[i * stride];
        }

        return sample;
    }

    /// <summary>
    /// The real clock: CPU time of the calling thread spent on the lookups (<see cref="ThreadCpuTime"/>), in ns per
    /// lookup, so that the scheduler's preemptions on a loaded machine do not count as lookup time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Measured(IIndexEngine engine, long[] probes, bool batched)
    {
        long sum = 0;
        var positions = batched ? new int[probes.Length] : null;
        var start = ThreadCpuTime.Now();
        if (positions is not null)
        {
            engine.LowerBoundBatch(probes, positions);
            sum = positions[^1];
        }
        else
        {
            foreach (var p in probes)
            {
                sum += engine.LowerBound(p);
            }
        }

        var ns = (double)(ThreadCpuTime.Now() - start) / probes.Length;
        GC.KeepAlive(sum);
        return ns;
    }

    /// <summary>Existing keys at random positions (point lookups that hit), from a fixed seed.</summary>
    internal static long[] Probes(long[] keys, int seed)
    {
        var rng = new Random(seed);
        var probes = new long[ProbesPerSample];
        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = keys[rng.Next(keys.Length)];
        }

        return probes;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
