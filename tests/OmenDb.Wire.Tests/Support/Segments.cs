using System.Buffers;

namespace OmenDb.Wire.Tests.Support;

/// <summary>Builds multi-segment sequences (what a PipeReader hands out when data spans its buffers).</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var points = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().ToList();
        if (points.Count == 0)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var bounds = new List<int> { 0 };
        bounds.AddRange(points);
        bounds.Add(data.Length);
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i < bounds.Count - 1; i++)
        {
            var memory = data.AsMemory(bounds[i], bounds[i + 1] - bounds[i]).ToArray();
            if (first is null)
            {
                first = last = new Segment(memory, 0);
            }
            else
            {
                last = last!.Append(memory);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    public static ReadOnlySequence<byte> EveryByte(byte[] data) => Split(data, Enumerable.Range(1, data.Length - 1).ToArray());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
