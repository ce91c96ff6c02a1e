using System.Buffers;
using BenchmarkDotNet.Attributes;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Types;
using OmenDb.Wire.Messages;
using OmenDb.Wire.Types;

namespace OmenDb.Benchmarks.Wire;

/// <summary>
/// DataRow encoding of one batch of 2,048 rows × (int4, int8, float8, text of 8–12 characters) in text and in
/// binary, into a reused output buffer. Allocation per operation must be 0; MB/s = encoded bytes / mean time
/// (the encoded size is printed once by <see cref="Setup"/>).
/// </summary>
[MemoryDiagnoser]
public class DataRowBenchmarks
{
    private const int Rows = Batch.DefaultSize;
    private Batch _batch = null!;
    private ArrayBufferWriter<byte> _buffer = null!;
    private PgOutput _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        var ints = (PrimitiveVector<int>)ColumnVector.Create(PgTypes.Int4, Rows);
        var longs = (PrimitiveVector<long>)ColumnVector.Create(PgTypes.Int8, Rows);
        var doubles = (PrimitiveVector<double>)ColumnVector.Create(PgTypes.Float8, Rows);
        var texts = (ReferenceVector<string>)ColumnVector.Create(PgTypes.Text, Rows);
        var random = new Random(42);
        for (var i = 0; i < Rows; i++)
        {
            ints.Add(random.Next());
            longs.Add(random.NextInt64());
            doubles.Add(random.NextDouble() * 1e6);
            texts.Add("row-" + random.Next(10_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _batch = new Batch([ints, longs, doubles, texts], Rows);
        _buffer = new ArrayBufferWriter<byte>(1 << 20);
        _output = new PgOutput(_buffer);
        Console.WriteLine($"// encoded bytes per batch: text {Encode(ResultFormats.AllText)}, binary {Encode(ResultFormats.AllBinary)}");
    }

    [Benchmark(Baseline = true)]
    public int Text() => Encode(ResultFormats.AllText);

    [Benchmark]
    public int Binary() => Encode(ResultFormats.AllBinary);

    private int Encode(ResultFormats formats)
    {
        _buffer.ResetWrittenCount();
        _output.ResetUnflushed();
        DataRowWriter.WriteRows(_output, _batch, 0, Rows, formats, long.MaxValue);
        return _buffer.WrittenCount;
    }
}
