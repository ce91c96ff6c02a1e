using System.Diagnostics;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Columnar;

// The UTF-8 form of a text column (T = string): Arrow's utf8 layout, the rows' bytes back to back in one buffer and
// row r at [offsets[r], offsets[r + 1]) (a NULL row is empty), so that COPY's field bytes go into a table segment, to
// the row codec at commit and to DataRow / COPY TO without a .NET string per value (each of which the GC would copy up
// its generations for as long as the table lives). A reader that needs strings (expressions, comparisons, hashing,
// sorting) gets them from Values or GetValue: each row is decoded once, on first use, and kept in the value buffer,
// which in this form is a cache.
//
// Rows are placed in order (every writer of a segment or a COPY chunk appends): placing row r when rows past it are in
// use rewrites them behind it, a slow path no writer takes. Placing a row at or past Count drops the rows after it (a
// reused COPY chunk starts again at row 0). Concurrency is a segment's: one writer (under the table's append lock) and
// lock-free readers of published rows. A published row's bytes and offsets never change, the buffer is replaced (with
// everything copied first) when it grows, and two readers decoding the same row store equal strings.
public sealed partial class ReferenceVector<T>
{
    /// <summary>Bytes per row the buffer starts with (grown by doubling).</summary>
    private const int InitialBytesPerRow = 8;

    /// <summary>The rows' UTF-8 bytes, back to back; null in the string form.</summary>
    private byte[]? _utf8;

    /// <summary>Row r's bytes are [_offsets[r], _offsets[r + 1]); Capacity + 1 entries.</summary>
    private int[]? _offsets;

    /// <summary>Whether the byte buffer (and each one it grows into) is on the pinned object heap.</summary>
    private readonly bool _pinned;

    /// <summary>Rows placed in the buffer: the next row to place.</summary>
    private int _placed;

    /// <summary>Rows [0, _decoded) have their strings in _values (the UTF-8 form's cache).</summary>
    private int _decoded;

    /// <summary>Creates a text vector in the UTF-8 form (<paramref name="utf8"/>) or the string form; the UTF-8 form's
    /// buffers on the pinned object heap when <paramref name="pinned"/> (a segment's, which lives as long as its table).</summary>
    internal ReferenceVector(PgType type, int capacity, bool utf8, bool pinned = false)
        : base(type, capacity)
    {
        Debug.Assert(!utf8 || typeof(T) == typeof(string), "only text has a UTF-8 form");
        if (utf8)
        {
            _pinned = pinned;
            _utf8 = GC.AllocateUninitializedArray<byte>(Math.Max(64, capacity * InitialBytesPerRow), pinned);
            _offsets = GC.AllocateArray<int>(capacity + 1, pinned);
        }
        else
        {
            _values = new T?[capacity];
        }
    }

    /// <summary>Whether the values are held as UTF-8 bytes (<see cref="Utf8At"/>) rather than strings.</summary>
    public bool IsUtf8 => _utf8 is not null;

    /// <summary>The UTF-8 bytes of row <paramref name="row"/> (empty for NULL); only in the UTF-8 form.</summary>
    public ReadOnlySpan<byte> Utf8At(int row)
    {
        Debug.Assert(_utf8 is not null, "the vector is in the UTF-8 form");
        var offsets = _offsets!;
        var start = offsets[row];
        return Volatile.Read(ref _utf8).AsSpan(start, offsets[row + 1] - start);
    }

    /// <summary>Stores the valid UTF-8 <paramref name="utf8"/> as row <paramref name="row"/>'s non-null value.</summary>
    public void SetUtf8(int row, ReadOnlySpan<byte> utf8)
    {
        SetValid(row);
        if (_utf8 is not null)
        {
            PlaceUtf8(row, utf8);
        }
        else
        {
            _values![row] = (T)(object)Encoding.UTF8.GetString(utf8);
        }
    }

    /// <summary>Writes the non-null row <paramref name="row"/> as UTF-8; false when <paramref name="destination"/> is too small.</summary>
    public bool TryWriteUtf8(int row, Span<byte> destination, out int written)
    {
        if (_utf8 is null)
        {
            return Encoding.UTF8.TryGetBytes((string)(object)_values![row]!, destination, out written);
        }

        var bytes = Utf8At(row);
        written = bytes.Length;
        return bytes.TryCopyTo(destination);
    }

    /// <summary>An upper bound of the non-null row <paramref name="row"/>'s UTF-8 length (exact in the UTF-8 form).</summary>
    public int MaxUtf8Length(int row)
    {
        if (_utf8 is not null)
        {
            return _offsets![row + 1] - _offsets[row];
        }

        // UTF-16 → UTF-8 is at most 3 bytes per char; count exactly only for long strings.
        var text = (string)(object)_values![row]!;
        return text.Length <= 1024 ? text.Length * 3 : Encoding.UTF8.GetByteCount(text);
    }

    /// <summary>Row <paramref name="row"/>'s string (not null), decoded on first use and kept.</summary>
    private T StringAt(int row)
    {
        var cache = _values;
        if (cache is not null && cache[row] is { } known)
        {
            return known;
        }

        var value = Decode(row);
        (cache ?? Cache())[row] = value;
        return value;
    }

    private T Decode(int row) => (T)(object)Encoding.UTF8.GetString(Utf8At(row));

    /// <summary>The value buffer of the UTF-8 form: every row in use decoded.</summary>
    private T?[] Materialize()
    {
        var cache = _values ?? Cache();
        var count = Count;
        for (var r = Volatile.Read(ref _decoded); r < count; r++)
        {
            if (!IsNull(r) && cache[r] is null)
            {
                cache[r] = Decode(r);
            }
        }

        if (count > _decoded)
        {
            // After the strings it covers: a reader that sees the count skips the loop and reads them.
            Volatile.Write(ref _decoded, count);
        }

        return cache;
    }

    private T?[] Cache()
    {
        var cache = new T?[Capacity];
        return Interlocked.CompareExchange(ref _values, cache, null) ?? cache;
    }

    private void PlaceString(int row, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var start = StartOf(row, length);
        Encoding.UTF8.GetBytes(value, _utf8.AsSpan(start, length));
        Placed(row, start + length, 1);
    }

    private void PlaceUtf8(int row, ReadOnlySpan<byte> value)
    {
        var start = StartOf(row, value.Length);
        value.CopyTo(_utf8.AsSpan(start));
        Placed(row, start + value.Length, 1);
    }

    /// <summary>Rows [<paramref name="sourceRow"/>, + <paramref name="count"/>) of a vector in the UTF-8 form as rows
    /// from <paramref name="row"/>: one copy of their bytes.</summary>
    private void PlaceUtf8Range(ReferenceVector<T> from, int sourceRow, int row, int count)
    {
        if (InUseAfter(row + count - 1))
        {
            // A rewrite of rows in use (the slow path): one row at a time.
            for (var i = 0; i < count; i++)
            {
                PlaceUtf8(row + i, from.Utf8At(sourceRow + i));
            }

            return;
        }

        var fromOffsets = from._offsets!;
        var fromStart = fromOffsets[sourceRow];
        var length = fromOffsets[sourceRow + count] - fromStart;
        var start = StartOf(row, length);
        Volatile.Read(ref from._utf8).AsSpan(fromStart, length).CopyTo(_utf8.AsSpan(start));
        var offsets = _offsets!;
        var shift = start - fromStart;
        for (var i = 1; i <= count; i++)
        {
            offsets[row + i] = fromOffsets[sourceRow + i] + shift;
        }

        Placed(row, start + length, count);
    }

    /// <summary>Whether rows after <paramref name="row"/> are placed and in use (so placing it must move them).</summary>
    private bool InUseAfter(int row) => row + 1 < _placed && row + 1 < Count;

    /// <summary>
    /// Where row <paramref name="row"/>'s <paramref name="length"/> bytes go, with room made for them: the end of the
    /// rows placed before it. Rows skipped become empty; placed rows from it on that are not in use are dropped; rows
    /// in use after it move behind the new value.
    /// </summary>
    private int StartOf(int row, int length)
    {
        var offsets = _offsets!;
        if (row > _placed)
        {
            offsets.AsSpan(_placed + 1, row - _placed).Fill(offsets[_placed]);
            Forget(_placed, row - _placed);
            _placed = row;
        }
        else if (InUseAfter(row))
        {
            return Rewrite(row, length);
        }
        else
        {
            Forget(row, _placed - row);
            _placed = row;
        }

        var start = offsets[row];
        EnsureBytes((long)start + length);
        return start;
    }

    /// <summary>Row <paramref name="row"/> of the rows in use gets <paramref name="length"/> bytes: the rows after it
    /// move behind them (their bytes do not change, so their cached strings stay).</summary>
    private int Rewrite(int row, int length)
    {
        var offsets = _offsets!;
        var tailStart = offsets[row + 1];
        var tailEnd = offsets[_placed];
        var start = offsets[row];
        var shift = start + length - tailStart;
        EnsureBytes((long)tailEnd + Math.Max(0, shift));
        _utf8.AsSpan(tailStart, tailEnd - tailStart).CopyTo(_utf8.AsSpan(tailStart + shift));
        for (var r = row + 1; r <= _placed; r++)
        {
            offsets[r] += shift;
        }

        return start;
    }

    /// <summary>Records rows [<paramref name="row"/>, + <paramref name="count"/>) as placed, ending at byte
    /// <paramref name="end"/>, and forgets their cached strings.</summary>
    private void Placed(int row, int end, int count)
    {
        var last = row + count;
        if (last >= _placed)
        {
            _offsets![last] = end;
            _placed = last;
        }

        Forget(row, count);
    }

    /// <summary>Drops the cached strings of rows [<paramref name="row"/>, + <paramref name="count"/>) (placed again or dropped).</summary>
    private void Forget(int row, int count)
    {
        if (_values is { } cache)
        {
            cache.AsSpan(row, count).Clear();
            if (_decoded > row)
            {
                _decoded = row;
            }
        }
    }

    private void EnsureBytes(long size)
    {
        var bytes = _utf8!;
        if (size <= bytes.Length)
        {
            return;
        }

        if (size > Array.MaxLength)
        {
            // One buffer per column of a segment: its rows' text together must fit in an array.
            throw new PgException(SqlState.ProgramLimitExceeded,
                $"the text values of one column in {Capacity} consecutive rows would exceed {Array.MaxLength} bytes")
            {
                Detail = "A table segment keeps the text of one column of its rows in one buffer of at most 2 GB.",
            };
        }

        var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Max(size, bytes.Length * 2L), Array.MaxLength), _pinned);
        bytes.AsSpan(0, _offsets![_placed]).CopyTo(grown);
        Volatile.Write(ref _utf8, grown);
    }

    private void GrowUtf8(int capacity)
    {
        var offsets = new int[capacity + 1];
        _offsets.AsSpan(0, _placed + 1).CopyTo(offsets);
        _offsets = offsets;
        _values = null;
        _decoded = 0;
    }
}
