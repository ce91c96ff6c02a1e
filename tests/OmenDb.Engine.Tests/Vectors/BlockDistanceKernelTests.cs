using OmenDb.Engine.Vectors;

namespace OmenDb.Engine.Tests.Vectors;

/// <summary>
/// The queries × rows kernel of the shared exact pass against the one-pair kernels: every metric, full 4 × 4 tiles and
/// the transposed 16-row lanes, and the odd rows, queries and dimensions around them (37 = two Vector512 widths and a
/// tail of 5; 8 is below one width).
/// </summary>
public sealed class BlockDistanceKernelTests
{
    [Theory]
    [InlineData(VectorMetric.L2, 37)]
    [InlineData(VectorMetric.Cosine, 37)]
    [InlineData(VectorMetric.NegativeInnerProduct, 37)]
    [InlineData(VectorMetric.L1, 37)]
    [InlineData(VectorMetric.L2, 128)]
    [InlineData(VectorMetric.Cosine, 8)]
    public void Score_MatchesTheOnePairKernel(VectorMetric metric, int dims)
    {
        const int queryCount = 7, rows = 37, stride = 40;
        var random = new Random(5);
        var queries = Values(random, queryCount * dims);
        var block = Values(random, rows * dims);
        block.AsSpan(3 * dims, dims).Clear(); // a zero row: NaN for cosine, as one pair gives
        var norms = new float[queryCount];
        for (var q = 0; q < queryCount; q++)
        {
            var query = queries.AsSpan(q * dims, dims);
            norms[q] = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(query, query));
        }

        var scores = new float[queryCount * stride];
        BlockDistanceKernel.Score(metric, queries, norms, dims, block, rows, scores, stride, new float[rows], new float[dims]);
        var scratch = new float[dims];
        for (var q = 0; q < queryCount; q++)
        {
            for (var r = 0; r < rows; r++)
            {
                var expected = DistanceKernels.Score(metric, queries.AsSpan(q * dims, dims), block.AsSpan(r * dims, dims), scratch);
                var got = scores[(q * stride) + r];
                if (float.IsNaN(expected))
                {
                    Assert.True(float.IsNaN(got), $"query {q}, row {r}: {got}, expected NaN");
                    continue;
                }

                Assert.True(Math.Abs(expected - got) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"query {q}, row {r}: {got}, expected {expected}");
            }
        }
    }

    private static float[] Values(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return values;
    }
}
