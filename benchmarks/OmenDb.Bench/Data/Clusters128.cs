using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmenDb.Bench.Data;

/// <summary>
/// The clusters-128 vectors of ../shared/docs/datasets.md: 100 centers from a generator seeded 1 (<c>Gauss()</c> per
/// dimension), then per vector <c>c = Next() mod 100</c> and <c>x[d] = (float)(center[c][d] + 0.5 × Gauss())</c> from a
/// generator seeded 2 (base) or 3 (queries). Only integer operations and double additions and multiplications, so
/// the data is the same bit for bit everywhere; base vector i has id i.
/// </summary>
internal static class Clusters128
{
    /// <summary>Dimensions of every vector.</summary>
    public const int Dimensions = 128;

    /// <summary>Seed of the base set.</summary>
    public const ulong BaseSeed = 2;

    /// <summary>Seed of the query set.</summary>
    public const ulong QuerySeed = 3;

    private const int Clusters = 100;

    /// <summary>The cluster centers (100 × 128 doubles).</summary>
    private static readonly double[] s_centers = Centers();

    /// <summary>The first <paramref name="count"/> vectors of the set seeded <paramref name="seed"/>, row after row.</summary>
    public static float[] Generate(ulong seed, int count)
    {
        var vectors = new float[(long)count * Dimensions];
        var random = new SplitMix64(seed);
        for (var i = 0; i < count; i++)
        {
            var c = (int)(random.Next() % Clusters);
            var center = s_centers.AsSpan(c * Dimensions, Dimensions);
            var row = vectors.AsSpan(i * Dimensions, Dimensions);
            for (var d = 0; d < Dimensions; d++)
            {
                row[d] = (float)(center[d] + 0.5 * random.Gauss());
            }
        }

        return vectors;
    }

    /// <summary>SHA-256 of the vectors' float32 values, little-endian, in order (to compare two runs).</summary>
    public static string Fingerprint(float[] vectors)
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(vectors.AsSpan());
        if (!BitConverter.IsLittleEndian)
        {
            throw new BenchException("the fingerprint is defined on little-endian floats");
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Appends <c>[x0,x1,...]</c> (float4 shortest round-trip text) with the given brackets.</summary>
    public static void AppendText(StringBuilder text, ReadOnlySpan<float> vector, char open, char close)
    {
        Span<char> buffer = stackalloc char[32];
        text.Append(open);
        for (var d = 0; d < vector.Length; d++)
        {
            if (d > 0)
            {
                text.Append(',');
            }

            vector[d].TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
            text.Append(buffer[..written]);
        }

        text.Append(close);
    }

    private static double[] Centers()
    {
        var random = new SplitMix64(1);
        var centers = new double[Clusters * Dimensions];
        for (var i = 0; i < centers.Length; i++)
        {
            centers[i] = random.Gauss();
        }

        return centers;
    }
}
