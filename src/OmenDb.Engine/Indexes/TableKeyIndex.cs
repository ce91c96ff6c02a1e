using System.Runtime.CompilerServices;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// An <see cref="OrderedKeyIndex"/> over one integer-like column of a table (the primary key, or a column named by
/// CREATE INDEX ... USING learned | btree), mapping key → row id of every row version. It follows the table
/// instead of being told about writes: row ids are dense (segment × capacity + offset) and only appended, so
/// <see cref="Sync"/> indexes the rows appended since the last call before a query uses the index. Rows become
/// visible only after they are appended, so a reader that syncs finds every row its snapshot can see; versions
/// it cannot see are filtered by the scan's visibility check. TRUNCATE, a rewrite of the key column, or a new
/// table storage (all of which replace the segment or vector objects), or a compaction that renumbered the row ids
/// (<see cref="ColumnarTable.Generation"/>) make the next sync rebuild from scratch.
/// </summary>
internal sealed class TableKeyIndex
{
    private readonly object _syncLock = new();
    private ColumnarTable? _data;
    private TableSegment? _firstSegment;
    private ColumnVector? _firstKeys;
    private long _indexedRows;
    private long _generation = -1;

    public TableKeyIndex(TableInfo table, int column, KeyIndexMethod method, int mergeThreshold = OrderedKeyIndex.DefaultMergeThreshold)
    {
        Table = table;
        Column = column;
        Index = new OrderedKeyIndex(null, mergeThreshold, method: method);
    }

    public TableInfo Table { get; }

    /// <summary>Physical column slot of the key (attnum − 1).</summary>
    public int Column { get; }

    public OrderedKeyIndex Index { get; }

    /// <summary>Whether a column of this type can be indexed (its values map to 64-bit integers in order).</summary>
    public static bool Supports(PgType type) => type.Kind is PgTypeKind.Int16 or PgTypeKind.Int32 or PgTypeKind.Int64
        or PgTypeKind.Date or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz or PgTypeKind.Oid;

    /// <summary>The 64-bit key of a value of a supported type (short, int, long or uint).</summary>
    public static bool TryKey(object? value, out long key)
    {
        switch (value)
        {
            case long l:
                key = l;
                return true;
            case int i:
                key = i;
                return true;
            case short s:
                key = s;
                return true;
            case uint u:
                key = u;
                return true;
            default:
                key = 0;
                return false;
        }
    }

    /// <summary>Brings the index up to date with the table's row versions and returns the version to read.</summary>
    public IndexVersion Sync()
    {
        var data = Table.Data;
        var count = data.RowVersionCount;
        if (ReferenceEquals(data, _data) && count == Volatile.Read(ref _indexedRows) && data.Generation == Volatile.Read(ref _generation) && SameStorage(data))
        {
            return Index.Current;
        }

        lock (_syncLock)
        {
            var generation = data.Generation;
            count = data.RowVersionCount;
            var segments = data.Segments;
            if (!ReferenceEquals(data, _data) || !SameStorage(data) || count < _indexedRows || generation != _generation)
            {
                _indexedRows = 0;
                Index.Clear();
            }

            var from = _indexedRows;
            if (count - from > Math.Max(Index.MergeThreshold, Index.Current.MainRows / 4))
            {
                // A bulk load (or the first use): rebuild from every row instead of trickling through the delta.
                Load(segments, count);
            }
            else
            {
                for (var row = from; row < count; row++)
                {
                    var seg = segments[(int)(row / TableSegment.Capacity)];
                    var off = (int)(row % TableSegment.Capacity);
                    if (ReadKey(seg, off, out var key))
                    {
                        Index.Add(key, row);
                    }
                }
            }

            _data = data;
            Volatile.Write(ref _generation, generation);
            _firstSegment = segments.Length > 0 ? segments[0] : null;
            _firstKeys = _firstSegment?.Columns[Column];
            Volatile.Write(ref _indexedRows, count);
            return Index.Current;
        }
    }

    private void Load(ReadOnlySpan<TableSegment> segments, long count)
    {
        var keys = new List<long>((int)Math.Min(count, int.MaxValue));
        var rows = new List<long>(keys.Capacity);
        for (var row = 0L; row < count; row++)
        {
            var seg = segments[(int)(row / TableSegment.Capacity)];
            if (ReadKey(seg, (int)(row % TableSegment.Capacity), out var key))
            {
                keys.Add(key);
                rows.Add(row);
            }
        }

        Index.Load([.. keys], [.. rows]);
    }

    private bool SameStorage(ColumnarTable data)
    {
        var segments = data.Segments;
        return segments.Length == 0
            ? _firstSegment is null
            : ReferenceEquals(segments[0], _firstSegment) && ReferenceEquals(segments[0].Columns[Column], _firstKeys);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ReadKey(TableSegment segment, int offset, out long key)
    {
        var vector = segment.Columns[Column];
        if (vector.IsNull(offset))
        {
            key = 0;
            return false;
        }

        key = vector switch
        {
            PrimitiveVector<long> v => v.Values[offset],
            PrimitiveVector<int> v => v.Values[offset],
            PrimitiveVector<short> v => v.Values[offset],
            PrimitiveVector<uint> v => v.Values[offset],
            _ => throw new InvalidOperationException($"column of type {vector.Type.Name} cannot be key-indexed"),
        };
        return true;
    }
}
