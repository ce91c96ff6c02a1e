using OmenDb.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Columnar;

/// <summary>
/// One column of a <see cref="Batch"/> in the Arrow memory layout: a value buffer plus a validity bitmap
/// (bit set = value present, as in Arrow; a null bitmap means "no nulls"). Fixed-width types live in
/// <see cref="PrimitiveVector{T}"/>; variable-width ones in <see cref="ReferenceVector{T}"/>; pgvector's vector in
/// <see cref="Vectors.FloatVectorColumn"/> (a fixed-size list of float32).
/// The CLR type of each value follows <see cref="PgTypeKind"/>.
/// </summary>
public abstract class ColumnVector
{
    private ulong[]? _validity;

    /// <summary>Creates a vector of the given type.</summary>
    protected ColumnVector(PgType type, int capacity)
    {
        Type = type;
        Capacity = capacity;
    }

    /// <summary>The SQL type of every value.</summary>
    public PgType Type { get; }

    /// <summary>Number of rows the buffers hold.</summary>
    public int Capacity { get; protected set; }

    private int _count;

    /// <summary>
    /// Number of rows in use. Published with release semantics after the rows' values (and read with acquire), so a
    /// reader that sees a count also sees the values, offsets and validity bits of every row below it, whatever the
    /// processor (a UTF-8 text column decodes and caches rows up to it: a stale read would cache a wrong string).
    /// </summary>
    public int Count
    {
        get => Volatile.Read(ref _count);
        set => Volatile.Write(ref _count, value);
    }

    /// <summary>Arrow validity bitmap (bit i set = row i not null), or null when no row is null.</summary>
    public ulong[]? Validity => _validity;

    /// <summary>Whether any row may be null.</summary>
    public bool MayHaveNulls => _validity is not null;

    /// <summary>Whether row <paramref name="row"/> is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row) => _validity is { } v && (v[row >> 6] & (1UL << row)) == 0;

    /// <summary>Marks row <paramref name="row"/> null (allocating the bitmap on first use).</summary>
    public void SetNull(int row)
    {
        var validity = _validity;
        if (validity is null)
        {
            // Filled before it is published: readers of the rows already written (a search, the ingest pipeline's
            // encoder) may test them meanwhile, and must not see them null.
            validity = new ulong[(Capacity + 63) >> 6];
            validity.AsSpan().Fill(ulong.MaxValue);
            Volatile.Write(ref _validity, validity);
        }

        validity[row >> 6] &= ~(1UL << row);
        ClearValue(row);
    }

    /// <summary>Marks row <paramref name="row"/> valid (used when a slot is overwritten).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValid(int row)
    {
        if (_validity is { } v)
        {
            v[row >> 6] |= 1UL << row;
        }
    }

    /// <summary>Makes every row valid again (the bitmap is dropped).</summary>
    public void ClearNulls() => _validity = null;

    /// <summary>The value of row <paramref name="row"/>, boxed (null for SQL NULL). Slow path: not for hot loops.</summary>
    public object? GetValue(int row) => IsNull(row) ? null : GetValueCore(row);

    /// <summary>Sets row <paramref name="row"/> from a boxed value of the type's CLR representation (null for NULL).</summary>
    public void SetValue(int row, object? value)
    {
        if (value is null)
        {
            SetNull(row);
            return;
        }

        SetValid(row);
        SetValueCore(row, value);
    }

    /// <summary>Appends a boxed value, growing the buffers when full.</summary>
    public void Append(object? value)
    {
        if (Count == Capacity)
        {
            Grow(Math.Max(16, Capacity * 2));
        }

        SetValue(Count++, value);
    }

    /// <summary>Copies row <paramref name="sourceRow"/> of <paramref name="source"/> (same type) to row <paramref name="row"/>.</summary>
    public abstract void CopyFrom(ColumnVector source, int sourceRow, int row);

    /// <summary>
    /// Copies rows <paramref name="sourceRows"/> of <paramref name="source"/> (same type) to rows
    /// <paramref name="row"/>, <paramref name="row"/> + 1, ... (a gather).
    /// </summary>
    public virtual void CopyRows(ColumnVector source, ReadOnlySpan<int> sourceRows, int row)
    {
        for (var i = 0; i < sourceRows.Length; i++)
        {
            CopyFrom(source, sourceRows[i], row + i);
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> rows of <paramref name="source"/> (same type) from <paramref name="sourceRow"/>
    /// to rows <paramref name="row"/>, <paramref name="row"/> + 1, ... (a contiguous block: a bulk append).
    /// </summary>
    public virtual void CopyRange(ColumnVector source, int sourceRow, int row, int count)
    {
        for (var i = 0; i < count; i++)
        {
            CopyFrom(source, sourceRow + i, row + i);
        }
    }

    /// <summary>Marks rows [<paramref name="row"/>, <paramref name="row"/> + <paramref name="count"/>) valid.</summary>
    protected void SetValidRange(int row, int count)
    {
        if (_validity is { } v)
        {
            for (var i = row; i < row + count; i++)
            {
                v[i >> 6] |= 1UL << i;
            }
        }
    }

    /// <summary>Resizes the buffers to hold at least <paramref name="capacity"/> rows, keeping the contents.</summary>
    public void Grow(int capacity)
    {
        if (capacity <= Capacity)
        {
            return;
        }

        GrowCore(capacity);
        if (_validity is { } old)
        {
            var validity = new ulong[(capacity + 63) >> 6];
            validity.AsSpan().Fill(ulong.MaxValue);
            old.AsSpan().CopyTo(validity);
            Volatile.Write(ref _validity, validity);
        }

        Capacity = capacity;
    }

    /// <summary>Reads a non-null value.</summary>
    protected abstract object GetValueCore(int row);

    /// <summary>Writes a non-null value.</summary>
    protected abstract void SetValueCore(int row, object value);

    /// <summary>Resets a slot that became null (drops references so they can be collected).</summary>
    protected abstract void ClearValue(int row);

    /// <summary>Reallocates the value buffer.</summary>
    protected abstract void GrowCore(int capacity);

    /// <summary>
    /// Creates an empty vector of the right shape for <paramref name="type"/>. A <paramref name="stored"/> vector (a
    /// table segment's, or a COPY chunk's, whose rows go to one) holds text as UTF-8 bytes (see ReferenceVector.Utf8.cs).
    /// A <paramref name="pinned"/> one lives as long as its table (a segment's): its buffers without references are
    /// allocated on the pinned object heap, which the GC never copies (and never compacts, so nothing short-lived goes
    /// there: a COPY chunk lives for one statement).
    /// </summary>
    public static ColumnVector Create(PgType type, int capacity, bool stored = false, bool pinned = false) => type.Kind switch
    {
        PgTypeKind.Text when stored => new ReferenceVector<string>(type, capacity, utf8: true, pinned),
        PgTypeKind.Bool => new PrimitiveVector<bool>(type, capacity, pinned),
        PgTypeKind.Int16 => new PrimitiveVector<short>(type, capacity, pinned),
        PgTypeKind.Int32 or PgTypeKind.Date => new PrimitiveVector<int>(type, capacity, pinned),
        PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz
            => new PrimitiveVector<long>(type, capacity, pinned),
        PgTypeKind.Float32 => new PrimitiveVector<float>(type, capacity, pinned),
        PgTypeKind.Float64 => new PrimitiveVector<double>(type, capacity, pinned),
        PgTypeKind.Numeric => new PrimitiveVector<PgNumeric>(type, capacity),
        PgTypeKind.Interval => new PrimitiveVector<PgInterval>(type, capacity, pinned),
        PgTypeKind.Uuid => new PrimitiveVector<Guid>(type, capacity, pinned),
        PgTypeKind.Oid => new PrimitiveVector<uint>(type, capacity, pinned),
        PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Jsonb or PgTypeKind.Unknown => new ReferenceVector<string>(type, capacity),
        PgTypeKind.Bytea => new ReferenceVector<byte[]>(type, capacity),
        PgTypeKind.Array => new ReferenceVector<PgArray>(type, capacity),
        PgTypeKind.Vector => new Vectors.FloatVectorColumn(type, capacity),
        PgTypeKind.Record => new ReferenceVector<PgRecord>(type, capacity),
        _ => new ReferenceVector<object>(type, capacity),
    };
}

/// <summary>A fixed-width column: one contiguous buffer of <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The unboxed CLR representation (see <see cref="PgTypeKind"/>); a struct, usually unmanaged
/// (numeric's <see cref="OmenDb.Common.PgNumeric"/> holds a BigInteger).</typeparam>
public sealed class PrimitiveVector<T> : ColumnVector
    where T : struct
{
    /// <summary>Creates a vector with room for <paramref name="capacity"/> rows.</summary>
    public PrimitiveVector(PgType type, int capacity)
        : this(type, capacity, pinned: false)
    {
    }

    /// <summary>Creates a vector whose buffer is on the pinned object heap when <paramref name="pinned"/> (long-lived:
    /// never copied by the GC) and <typeparamref name="T"/> holds no references.</summary>
    internal PrimitiveVector(PgType type, int capacity, bool pinned)
        : base(type, capacity)
        => Values = pinned && !RuntimeHelpers.IsReferenceOrContainsReferences<T>()
            ? GC.AllocateArray<T>(capacity, pinned: true)
            : new T[capacity];

    /// <summary>The value buffer; slots of null rows hold default(T).</summary>
    public T[] Values { get; private set; }

    /// <summary>The rows in use.</summary>
    public Span<T> Span => Values.AsSpan(0, Count);

    /// <summary>Appends a non-null value without boxing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T value)
    {
        if (Count == Capacity)
        {
            Grow(Math.Max(16, Capacity * 2));
        }

        SetValid(Count);
        Values[Count++] = value;
    }

    /// <inheritdoc/>
    public override void CopyFrom(ColumnVector source, int sourceRow, int row)
    {
        if (source.IsNull(sourceRow))
        {
            SetNull(row);
            return;
        }

        SetValid(row);
        Values[row] = ((PrimitiveVector<T>)source).Values[sourceRow];
    }

    /// <inheritdoc/>
    public override void CopyRows(ColumnVector source, ReadOnlySpan<int> sourceRows, int row)
    {
        if (source.MayHaveNulls)
        {
            base.CopyRows(source, sourceRows, row);
            return;
        }

        var from = ((PrimitiveVector<T>)source).Values;
        var to = Values.AsSpan(row, sourceRows.Length);
        for (var i = 0; i < to.Length; i++)
        {
            to[i] = from[sourceRows[i]];
            SetValid(row + i);
        }
    }

    /// <inheritdoc/>
    public override void CopyRange(ColumnVector source, int sourceRow, int row, int count)
    {
        if (source.MayHaveNulls)
        {
            base.CopyRange(source, sourceRow, row, count);
            return;
        }

        ((PrimitiveVector<T>)source).Values.AsSpan(sourceRow, count).CopyTo(Values.AsSpan(row, count));
        SetValidRange(row, count);
    }

    /// <inheritdoc/>
    protected override object GetValueCore(int row) => Values[row];

    /// <inheritdoc/>
    protected override void SetValueCore(int row, object value) => Values[row] = (T)value;

    /// <inheritdoc/>
    protected override void ClearValue(int row) => Values[row] = default;

    /// <inheritdoc/>
    protected override void GrowCore(int capacity)
    {
        var values = new T[capacity];
        Values.AsSpan(0, Math.Min(Count, Values.Length)).CopyTo(values);
        Values = values;
    }
}

/// <summary>
/// A variable-width column whose values are CLR objects (strings, byte arrays, arrays, records). A text column of a
/// table segment or a COPY chunk keeps its values in the UTF-8 form instead (see ReferenceVector.Utf8.cs): the rows'
/// bytes back to back with Arrow's offsets, and a string made only for a reader that asks for one.
/// </summary>
/// <typeparam name="T">The CLR representation (see <see cref="PgTypeKind"/>).</typeparam>
public sealed partial class ReferenceVector<T> : ColumnVector
    where T : class
{
    private T?[]? _values;

    /// <summary>Creates a vector with room for <paramref name="capacity"/> rows.</summary>
    public ReferenceVector(PgType type, int capacity)
        : this(type, capacity, utf8: false)
    {
    }

    /// <summary>
    /// The value buffer; null rows hold null. In the UTF-8 form it is a read-only view: every row in use decoded to a
    /// string (once, then kept), so a write to it is lost; writers use <see cref="ColumnVector.SetValue"/>.
    /// </summary>
    public T?[] Values => _utf8 is null ? _values! : Materialize();

    /// <summary>Appends a value (null for SQL NULL).</summary>
    public void Add(T? value) => Append(value);

    /// <inheritdoc/>
    public override void CopyFrom(ColumnVector source, int sourceRow, int row)
    {
        if (source.IsNull(sourceRow))
        {
            SetNull(row);
            return;
        }

        SetValid(row);
        var from = (ReferenceVector<T>)source;
        if (_utf8 is not null)
        {
            if (from._utf8 is not null)
            {
                PlaceUtf8(row, from.Utf8At(sourceRow));
            }
            else
            {
                PlaceString(row, (string)(object)from._values![sourceRow]!);
            }
        }
        else
        {
            _values![row] = from._utf8 is null ? from._values![sourceRow] : from.StringAt(sourceRow);
        }
    }

    /// <inheritdoc/>
    public override void CopyRows(ColumnVector source, ReadOnlySpan<int> sourceRows, int row)
    {
        var from = (ReferenceVector<T>)source;
        if (source.MayHaveNulls || sourceRows.IsEmpty || _utf8 is not null || from._utf8 is not null)
        {
            base.CopyRows(source, sourceRows, row);
            return;
        }

        // Through a ref to the element type: no covariant array-store check per value.
        var values = _values!;
        var fromValues = from._values!;
        ref var to = ref MemoryMarshal.GetArrayDataReference(values);
        _ = values[row + sourceRows.Length - 1];
        for (var i = 0; i < sourceRows.Length; i++)
        {
            Unsafe.Add(ref to, row + i) = fromValues[sourceRows[i]];
            SetValid(row + i);
        }
    }

    /// <inheritdoc/>
    public override void CopyRange(ColumnVector source, int sourceRow, int row, int count)
    {
        var from = (ReferenceVector<T>)source;
        if (source.MayHaveNulls)
        {
            base.CopyRange(source, sourceRow, row, count);
            return;
        }

        if (_utf8 is not null && from._utf8 is not null)
        {
            PlaceUtf8Range(from, sourceRow, row, count);
        }
        else if (_utf8 is not null || from._utf8 is not null)
        {
            base.CopyRange(source, sourceRow, row, count);
            return;
        }
        else
        {
            from._values!.AsSpan(sourceRow, count).CopyTo(_values.AsSpan(row, count));
        }

        SetValidRange(row, count);
    }

    /// <inheritdoc/>
    protected override object GetValueCore(int row) => _utf8 is null ? _values![row]! : StringAt(row);

    /// <inheritdoc/>
    protected override void SetValueCore(int row, object value)
    {
        if (_utf8 is null)
        {
            _values![row] = (T)value;
        }
        else
        {
            PlaceString(row, (string)value);
        }
    }

    /// <inheritdoc/>
    protected override void ClearValue(int row)
    {
        if (_utf8 is null)
        {
            _values![row] = null;
        }
        else
        {
            PlaceUtf8(row, []);
        }
    }

    /// <inheritdoc/>
    protected override void GrowCore(int capacity)
    {
        if (_utf8 is not null)
        {
            GrowUtf8(capacity);
            return;
        }

        var values = new T?[capacity];
        _values!.AsSpan(0, Math.Min(Count, _values!.Length)).CopyTo(values);
        _values = values;
    }
}
