using BenchmarkDotNet.Attributes;
using OmenDb.Engine.Vectors;

namespace OmenDb.Benchmarks.Vectors;

/// <summary>
/// The exact-search inner loop: one 128-dimension query against a segment-sized block (2,048 rows, 1 MiB of float32,
/// the layout of <see cref="FloatVectorColumn"/>), per metric: the TensorPrimitives kernels the search uses
/// (<see cref="DistanceKernels"/>) against the scalar float32 loops that compute the values clients see
/// (<see cref="VectorMath"/>). GB/s = 1 MiB / mean time. Hand-written Vector256/512 tiers are added only where they beat
/// the TensorPrimitives row here. Allocation per operation must be 0 for the kernels.
/// </summary>
[MemoryDiagnoser]
public class DistanceKernelBenchmarks
{
    private const int Rows = 2048;
    private const int Dimensions = 128;

    private float[] _block = [];
    private float[][] _rows = [];
    private float[] _query = [];
    private float[] _scores = [];
    private float[] _scratch = [];
    private int[] _selection = [];

    [Params(VectorMetric.L2, VectorMetric.Cosine, VectorMetric.NegativeInnerProduct, VectorMetric.L1)]
    public VectorMetric Metric { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _block = new float[Rows * Dimensions];
        for (var i = 0; i < _block.Length; i++)
        {
            _block[i] = (float)random.NextDouble();
        }

        _rows = new float[Rows][];
        for (var r = 0; r < Rows; r++)
        {
            _rows[r] = _block.AsSpan(r * Dimensions, Dimensions).ToArray();
        }

        _query = _rows[3].Select(x => x + 0.5f).ToArray();
        _scores = new float[Rows];
        _scratch = new float[Dimensions];
        _selection = Enumerable.Range(0, Rows).ToArray();
    }

    /// <summary>The search kernel over the contiguous block.</summary>
    [Benchmark(Baseline = true)]
    public float TensorPrimitivesBlock()
    {
        DistanceKernels.ScoreRows(Metric, _query, _block, _selection, _scores, _scratch);
        return _scores[Rows - 1];
    }

    /// <summary>The scalar pgvector-rounding loops, row by row.</summary>
    [Benchmark]
    public double ScalarRows()
    {
        var sum = 0.0;
        foreach (var row in _rows)
        {
            sum += VectorMath.Distance(Metric, row, _query);
        }

        return sum;
    }
}
