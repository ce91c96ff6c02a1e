using System.Globalization;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// What a random read costs by the size of the structure it lands in, for the engine chooser's cost model
/// (<see cref="IndexCostModel"/>). A structure that every lookup touches competes for the caches with the ones
/// touched before it on the same path, so callers pass the cumulative bytes of the path so far.
/// <para>
/// Latencies in nanoseconds, from a dependent random read chain on this machine class (Xeon Sapphire Rapids VM, 2 MiB
/// pages, see <see cref="HugePages"/>): L1 about 1, L2 about 5, L3 about 40, memory about 115. The L3 is shared
/// with the other core and other tenants, so only half of it counts.
/// </para>
/// </summary>
internal sealed record CacheModel(long L1Bytes, long L2Bytes, long L3Bytes)
{
    /// <summary>ns per read that hits L1.</summary>
    public const double L1Ns = 1;

    /// <summary>ns per read that hits L2.</summary>
    public const double L2Ns = 5;

    /// <summary>ns per read that hits L3.</summary>
    public const double L3Ns = 40;

    /// <summary>ns per read from memory.</summary>
    public const double MemoryNs = 115;

    /// <summary>The caches of this machine (Linux sysfs), or a common server's when they cannot be read.</summary>
    public static CacheModel Machine { get; } = Detect();

    /// <summary>ns for a random read into a working set of <paramref name="bytes"/>.</summary>
    public double ReadNs(long bytes)
        => bytes <= L1Bytes ? L1Ns : bytes <= L2Bytes ? L2Ns : bytes <= L3Bytes / 2 ? L3Ns : MemoryNs;

    private static CacheModel Detect()
    {
        long l1 = 32 << 10, l2 = 1 << 20, l3 = 32 << 20;
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var dir = $"/sys/devices/system/cpu/cpu0/cache/index{i}";
                if (!Directory.Exists(dir))
                {
                    break;
                }

                var type = File.ReadAllText(Path.Combine(dir, "type")).Trim();
                var level = File.ReadAllText(Path.Combine(dir, "level")).Trim();
                if (type == "Instruction" || ParseSize(File.ReadAllText(Path.Combine(dir, "size")).Trim()) is not { } size)
                {
                    continue;
                }

                switch (level)
                {
                    case "1": l1 = size; break;
                    case "2": l2 = size; break;
                    case "3": l3 = size; break;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keep the defaults: the model only needs orders of magnitude.
        }

        return new CacheModel(l1, l2, l3);
    }

    /// <summary>"48K", "2048K", "105M" → bytes.</summary>
    internal static long? ParseSize(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L };
        var digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value * unit : null;
    }
}
