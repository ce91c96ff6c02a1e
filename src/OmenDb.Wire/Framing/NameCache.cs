using System.Buffers;

namespace OmenDb.Wire.Framing;

/// <summary>
/// Decodes statement and portal names without allocating for names the connection has seen recently: a client
/// that prepares "_p1" once binds it thousands of times (Npgsql, pgjdbc "S_1"). A small round-robin table of
/// (UTF-8 bytes, string) pairs, compared bytewise; 16 entries cover a typical client's working set.
/// </summary>
internal sealed class NameCache
{
    private const int Size = 16;
    private const int MaxCachedLength = 64;
    private readonly byte[]?[] _bytes = new byte[Size][];
    private readonly string?[] _names = new string[Size];
    private int _next;

    /// <summary>The string for these UTF-8 bytes (22021 when they are not valid UTF-8).</summary>
    public string Get(in ReadOnlySequence<byte> bytes)
    {
        if (bytes.Length > MaxCachedLength)
        {
            return Types.Utf8Text.Decode(bytes, rejectNul: false);
        }

        if (bytes.IsSingleSegment)
        {
            return Get(bytes.FirstSpan);
        }

        // A name split across input segments (a read boundary fell inside it).
        Span<byte> copy = stackalloc byte[MaxCachedLength];
        bytes.CopyTo(copy);
        return Get(copy[..(int)bytes.Length]);
    }

    private string Get(ReadOnlySpan<byte> span)
    {
        for (var i = 0; i < Size; i++)
        {
            if (_bytes[i] is { } candidate && span.SequenceEqual(candidate))
            {
                return _names[i]!;
            }
        }

        var name = Types.Utf8Text.Decode(span, rejectNul: false);
        _bytes[_next] = span.ToArray();
        _names[_next] = name;
        _next = (_next + 1) % Size;
        return name;
    }
}
