using System.Buffers;
using BenchmarkDotNet.Attributes;
using OmenDb.Wire.Framing;

namespace OmenDb.Benchmarks.Wire;

/// <summary>
/// Framing and header parsing of a pipelined extended-query stream: 1,000 × (Bind of a named statement with an
/// int4 (binary) and a text parameter, binary results; Execute) then Sync — what Npgsql sends for a prepared
/// batch. Per message: frame, then read every field of Bind/Execute. Allocation per operation must be 0.
/// MB/s = <see cref="StreamBytes"/> / mean time.
/// </summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private ReadOnlySequence<byte> _single;
    private ReadOnlySequence<byte> _segmented;
    private NameCache _names = null!;

    /// <summary>Bytes in the stream.</summary>
    public int StreamBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var stream = new List<byte>();
        for (var i = 0; i < 1000; i++)
        {
            stream.AddRange(Build('B', [.. "\0"u8, .. "_p1\0"u8, 0, 2, 0, 1, 0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 1, 0, 0, 0, 0, 5, .. "hello"u8, 0, 1, 0, 1]));
            stream.AddRange(Build('E', [0, 0, 0, 0, 0]));
        }

        stream.AddRange(Build('S', []));
        var bytes = stream.ToArray();
        StreamBytes = bytes.Length;
        _single = new ReadOnlySequence<byte>(bytes);
        _segmented = Segmented(bytes, 4096);
        _names = new NameCache();
    }

    [Benchmark(Baseline = true)]
    public int FrameAndParse_SingleSegment() => Run(_single);

    [Benchmark]
    public int FrameAndParse_4KiBSegments() => Run(_segmented);

    private int Run(in ReadOnlySequence<byte> input)
    {
        var reader = new SequenceReader<byte>(input);
        var checksum = 0;
        while (MessageFramer.TryRead(ref reader, 1 << 30, out var message, out _) == FrameStatus.Complete)
        {
            var payload = new PayloadReader(message.Payload);
            switch (message.Code)
            {
                case FrontendMessageCode.Bind:
                    checksum += payload.ReadName(_names).Length + payload.ReadName(_names).Length;
                    int formats = payload.ReadInt16();
                    for (var i = 0; i < formats; i++)
                    {
                        checksum += payload.ReadInt16();
                    }

                    int parameters = payload.ReadInt16();
                    for (var i = 0; i < parameters; i++)
                    {
                        checksum += (int)payload.ReadBytes(payload.ReadInt32()).Length;
                    }

                    int results = payload.ReadInt16();
                    for (var i = 0; i < results; i++)
                    {
                        checksum += payload.ReadInt16();
                    }

                    payload.EnsureEnd();
                    break;
                case FrontendMessageCode.Execute:
                    checksum += payload.ReadName(_names).Length + payload.ReadInt32();
                    payload.EnsureEnd();
                    break;
                default:
                    checksum++;
                    break;
            }
        }

        return checksum;
    }

    private static byte[] Build(char code, byte[] payload)
    {
        var message = new byte[5 + payload.Length];
        message[0] = (byte)code;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), payload.Length + 4);
        payload.CopyTo(message, 5);
        return message;
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var memory = bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
            var segment = new Segment(memory, offset);
            if (first is null)
            {
                first = segment;
            }
            else
            {
                last!.Next = segment;
            }

            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new Segment? Next
        {
            get => (Segment?)base.Next;
            set => base.Next = value;
        }
    }
}
