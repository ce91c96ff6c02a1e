using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// Branch-free searches over sorted 64-bit keys. The loop body is a compare and a conditional add that the JIT
/// turns into a conditional move, so a search costs one (possibly missing) load per halving and no branch
/// mispredictions; bounds checks are removed because every index stays inside [lo, hi), which the callers
/// clamp to the array.
/// </summary>
internal static class SortedSearch
{
    /// <summary>The first position in [<paramref name="lo"/>, <paramref name="hi"/>) whose key is ≥ <paramref name="key"/>, or hi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LowerBound(long[] keys, int lo, int hi, long key)
    {
        System.Diagnostics.Debug.Assert(lo >= 0 && hi <= keys.Length, "search window outside the key array");
        return LowerBound(ref MemoryMarshal.GetArrayDataReference(keys), lo, hi, key);
    }

    /// <summary>The first position in [<paramref name="lo"/>, <paramref name="hi"/>) whose key is ≥ <paramref name="key"/>, or hi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LowerBound(ref long keys, int lo, int hi, long key)
    {
        var n = hi - lo;
        if (n <= 0)
        {
            return lo;
        }

        ref var window = ref Unsafe.Add(ref keys, lo);
        var at = 0;
        while (n > 1)
        {
            var half = n >> 1;
            at += Unsafe.Add(ref window, at + half) < key ? half : 0;
            n -= half;
        }

        return lo + at + (Unsafe.Add(ref window, at) < key ? 1 : 0);
    }

    /// <summary>Window size at or below which <see cref="LowerBoundInWindow(long[], int, int, long)"/> scans instead of halving.</summary>
    public const int ScanWindow = 72;

    /// <summary>
    /// Lower bound inside a model's error window: halve while the window is wider than <see cref="ScanWindow"/>
    /// keys, then count the keys smaller than the probe with 512-bit compares. The scan's loads are independent
    /// of each other, so the ≤ 10 cache lines of a 72-key window (a PGM window of ε = 32 is 66 keys) are fetched in parallel (one DRAM latency)
    /// instead of one after another as a binary search's dependent probes would be.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LowerBoundInWindow(long[] keys, int lo, int hi, long key)
    {
        System.Diagnostics.Debug.Assert(lo >= 0 && hi <= keys.Length, "search window outside the key array");
        return LowerBoundInWindow(ref MemoryMarshal.GetArrayDataReference(keys), lo, hi, key);
    }

    /// <inheritdoc cref="LowerBoundInWindow(long[], int, int, long)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LowerBoundInWindow(ref long keys, int lo, int hi, long key)
    {
        var n = hi - lo;
        while (n > ScanWindow)
        {
            var half = n >> 1;
            lo += Unsafe.Add(ref keys, lo + half - 1) < key ? half : 0;
            n -= half;
        }

        return lo + CountLess(ref keys, lo, lo + n, key);
    }

    /// <summary>How many keys in [lo, hi) are smaller than <paramref name="key"/> (branch-free, vectorised).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountLess(ref long keys, int lo, int hi, long key)
    {
        var i = lo;
        var count = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var probe = Vector512.Create(key);
            for (; i + 8 <= hi; i += 8)
            {
                count += BitOperations.PopCount(Vector512.LessThan(Vector512.LoadUnsafe(ref keys, (nuint)i), probe).ExtractMostSignificantBits());
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var probe = Vector256.Create(key);
            for (; i + 4 <= hi; i += 4)
            {
                count += BitOperations.PopCount(Vector256.LessThan(Vector256.LoadUnsafe(ref keys, (nuint)i), probe).ExtractMostSignificantBits());
            }
        }

        for (; i < hi; i++)
        {
            count += Unsafe.Add(ref keys, i) < key ? 1 : 0;
        }

        return count;
    }
}
