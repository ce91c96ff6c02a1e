namespace OmenDb.Bench.Data;

/// <summary>
/// The random source of ../shared/docs/datasets.md: SplitMix64 with integer arithmetic only, so any implementation
/// regenerates the same sequence bit for bit.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1): the top 53 bits times 2^-53.</summary>
    public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Irwin–Hall approximation of N(0, 1): the sum of 12 uniforms minus 6.</summary>
    public double Gauss()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++)
        {
            sum += Uniform();
        }

        return sum - 6.0;
    }
}
