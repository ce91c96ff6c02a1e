using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
}
