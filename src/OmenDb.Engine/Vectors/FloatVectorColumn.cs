using OmenDb.Engine.Columnar;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// A <c>vector</c> column in the Arrow fixed-size-list layout: the float32 values of all rows in one contiguous buffer,
/// row r at <c>[r·Dimensions, (r+1)·Dimensions)</c>, so that distance kernels stream over it. The dimension count is
/// fixed by the first value written (a <c>vector(n)</c> column only ever holds n). A column declared without a
/// dimension may still receive vectors of other sizes; those rows keep their own array in <see cref="IsRegular"/>'s
/// exception list and read as zeros in the buffer, and searches treat them one by one.
/// <para>
/// The squared norms of the rows are cached (<see cref="SquaredNorms"/>) for the shared exact pass, which would otherwise
/// compute every row's norm again in every pass: a table segment's rows are only appended (an UPDATE appends a new
/// version), so the cache only grows; any write to a row it covers (a restored column, a rewritten slot) cuts it back to
/// that row.
/// </para>
/// </summary>
public sealed class FloatVectorColumn : ColumnVector
{
    private float[] _values = [];
    private float[]?[]? _irregular;
    private int _dimensions;

    /// <summary>The norm cache, replaced whole (array and count together) when the column grows.</summary>
    private NormCache? _norms;

    /// <summary>Creates an empty column with room for <paramref name="capacity"/> rows.</summary>
    public FloatVectorColumn(PgType type, int capacity)
        : base(type, capacity)
    {
    }

    /// <summary>Floats per row in <see cref="Values"/> (0 until the first value arrives). Set after the buffer it sizes
    /// (<see cref="SetDimensions"/>): a reader that reads it before <see cref="Values"/> never pairs a dimension with the
    /// empty buffer of a segment whose rows so far were all NULL.</summary>
    public int Dimensions => Volatile.Read(ref _dimensions);

    /// <summary>The contiguous buffer: Capacity × Dimensions floats (null and irregular rows hold zeros).</summary>
    public float[] Values => _values;

    /// <summary>Whether row <paramref name="row"/> (not null) lives in <see cref="Values"/> with <see cref="Dimensions"/> floats.</summary>
    public bool IsRegular(int row) => _irregular?[row] is null;

    /// <summary>Whether some row has ever been written with another dimension (then <see cref="IsRegular"/> tells which).</summary>
    public bool HasIrregularRows => _irregular is not null;

    /// <summary>The floats of a regular row, without copying.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        var dims = Dimensions;
        return _values.AsSpan(row * dims, dims);
    }

    /// <summary>The value of a non-null row without copying when it is irregular, else as a span over the buffer.</summary>
    public ReadOnlySpan<float> ValueSpan(int row) => _irregular?[row] is { } odd ? odd : Row(row);

    /// <summary>
    /// The squared norms of rows [0, <paramref name="rows"/>) of <see cref="Values"/>, computed for the rows not cached yet.
    /// Threads may call it at once (they compute the same values). Rows below a segment's published count are not rewritten
    /// while searches read them (the kernels read them without locks too); a write to a cached row afterwards cuts the
    /// cache back to it, so its norm is computed again.
    /// </summary>
    public ReadOnlySpan<float> SquaredNorms(int rows)
    {
        var cache = Volatile.Read(ref _norms);
        while (cache is null || cache.Values.Length < rows)
        {
            // One array per capacity: a thread that lost the race uses the winner's, never an unfilled one of its own.
            var fresh = new NormCache(new float[Math.Max(Capacity, rows)]);
            cache = Interlocked.CompareExchange(ref _norms, fresh, cache) == cache ? fresh : Volatile.Read(ref _norms);
        }

        var norms = cache.Values;
        var from = Volatile.Read(ref cache.Count);
        if (from < rows)
        {
            var dims = Dimensions;
            for (var r = from; r < rows; r++)
            {
                norms[r] = dims == 0 ? 0f : BlockDistanceKernel.SquaredNorm(_values.AsSpan(r * dims, dims));
            }

            // A write that cut the cache back meanwhile wins: the count only moves from where this call found it.
            Interlocked.CompareExchange(ref cache.Count, rows, from);
        }

        return norms.AsSpan(0, rows);
    }

    /// <summary>Rows whose squared norm is cached (for tests).</summary>
    internal int CachedNorms => Volatile.Read(ref _norms) is { } cache ? Volatile.Read(ref cache.Count) : 0;

    /// <summary>Sets row <paramref name="row"/> to <paramref name="value"/> (copied; no array is kept).</summary>
    public void SetRow(int row, ReadOnlySpan<float> value)
    {
        SetValid(row);
        Write(row, value);
    }

    /// <summary>
    /// Parses the vector literal <paramref name="text"/> (UTF-8, as COPY reads it) straight into row
    /// <paramref name="row"/>'s place in the buffer when it is the plain spelling (<see cref="VectorText"/>) of a
    /// vector with <see cref="Dimensions"/> elements; false leaves the row to the type's input function, which gives
    /// every other answer and error. Before the first value the column has no dimension, so the first row always goes
    /// through the input function (and its typmod check); every later row this accepts has that row's dimension.
    /// </summary>
    public bool TryParseRow(int row, ReadOnlySpan<byte> text)
    {
        var dims = Dimensions;
        if (dims == 0)
        {
            return false;
        }

        if (!VectorText.TryParsePlain(text, _values.AsSpan(row * dims, dims), out var count) || count != dims)
        {
            return false; // the input function's Write takes the row (and forgets its cached norm)
        }

        ForgetRow(row);
        SetValid(row);
        return true;
    }

    /// <inheritdoc/>
    public override void CopyRange(ColumnVector source, int sourceRow, int row, int count)
    {
        // A block of regular rows of the same dimension (a COPY chunk's append): one copy of the floats.
        if (source is not FloatVectorColumn other || other.MayHaveNulls || other.HasIrregularRows || HasIrregularRows
            || other.Dimensions == 0 || (Dimensions != 0 && other.Dimensions != Dimensions))
        {
            base.CopyRange(source, sourceRow, row, count);
            return;
        }

        ForgetNorms(row);
        var dims = other.Dimensions;
        if (Dimensions == 0)
        {
            SetDimensions(dims);
        }

        other._values.AsSpan(sourceRow * dims, count * dims).CopyTo(_values.AsSpan(row * dims));
        SetValidRange(row, count);
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
        if (source is FloatVectorColumn other)
        {
            Write(row, other.ValueSpan(sourceRow));
        }
        else
        {
            Write(row, (float[])source.GetValue(sourceRow)!);
        }
    }

    /// <inheritdoc/>
    protected override object GetValueCore(int row) => ValueSpan(row).ToArray();

    /// <inheritdoc/>
    protected override void SetValueCore(int row, object value) => Write(row, (float[])value);

    /// <inheritdoc/>
    protected override void ClearValue(int row)
    {
        ForgetRow(row);
        if (Dimensions > 0)
        {
            _values.AsSpan(row * Dimensions, Dimensions).Clear();
        }
    }

    /// <summary>Forgets what row <paramref name="row"/> held besides its floats: its cached norms and any irregular value.</summary>
    private void ForgetRow(int row)
    {
        ForgetNorms(row);
        if (_irregular is not null)
        {
            _irregular[row] = null;
        }
    }

    /// <inheritdoc/>
    protected override void GrowCore(int capacity)
    {
        if (Dimensions > 0)
        {
            var values = new float[capacity * Dimensions];
            _values.AsSpan(0, Math.Min(_values.Length, values.Length)).CopyTo(values);
            _values = values;
        }

        Volatile.Write(ref _norms, null);

        if (_irregular is not null)
        {
            var irregular = new float[]?[capacity];
            _irregular.AsSpan(0, Math.Min(_irregular.Length, capacity)).CopyTo(irregular);
            _irregular = irregular;
        }
    }

    /// <summary>Fixes the dimension at the first value: the buffer first, then the dimension readers go by.</summary>
    private void SetDimensions(int dimensions)
    {
        _values = new float[Capacity * dimensions];
        Volatile.Write(ref _dimensions, dimensions);
    }

    /// <summary>Cuts the norm cache back to rows before <paramref name="row"/>, which is being rewritten.</summary>
    private void ForgetNorms(int row)
    {
        if (Volatile.Read(ref _norms) is not { } cache)
        {
            return;
        }

        int count;
        while ((count = Volatile.Read(ref cache.Count)) > row && Interlocked.CompareExchange(ref cache.Count, row, count) != count)
        {
        }
    }

    /// <summary>‖x‖² of rows [0, <see cref="Count"/>) (any value for null and irregular rows, which hold zeros).</summary>
    private sealed class NormCache(float[] values)
    {
        public readonly float[] Values = values;
        public int Count;
    }

    private void Write(int row, ReadOnlySpan<float> value)
    {
        ForgetRow(row);
        if (Dimensions == 0)
        {
            SetDimensions(value.Length);
        }

        if (value.Length == Dimensions)
        {
            value.CopyTo(_values.AsSpan(row * Dimensions, Dimensions));
            return;
        }

        _irregular ??= new float[]?[Capacity];
        _irregular[row] = value.ToArray();
        _values.AsSpan(row * Dimensions, Dimensions).Clear();
    }
}
