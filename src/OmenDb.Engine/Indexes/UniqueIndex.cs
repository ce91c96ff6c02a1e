using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Transactions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// Enforces a PRIMARY KEY / UNIQUE constraint: a hash of key → row ids of every version that may still be
/// live. A new key conflicts with a version whose creator did not abort and whose deleter (if any) did not
/// commit (PostgreSQL checks the newest versions, not the snapshot). Keys with a NULL never conflict.
/// A one-column smallint / integer / bigint key (most primary keys) is held as a long in a hash of plain longs: no
/// key array, boxed value or list per row, and nothing for the garbage collector to trace (10 million keys loaded at
/// start or by COPY would otherwise be 40 million small objects); further versions of a key sit in a side table.
/// </summary>
internal sealed class UniqueIndex
{
    private readonly Dictionary<object?[], List<long>>? _entries;
    private Dictionary<long, long>? _firstVersion;
    private Dictionary<long, List<long>>? _moreVersions;
    private readonly object _lock = new();

    public UniqueIndex(ConstraintInfo constraint, PgType[] keyTypes)
    {
        Constraint = constraint;
        if (keyTypes is [{ Kind: PgTypeKind.Int16 or PgTypeKind.Int32 or PgTypeKind.Int64 }])
        {
            _firstVersion = [];
            _moreVersions = [];
        }
        else
        {
            _entries = new Dictionary<object?[], List<long>>(new RowEqualityComparer(keyTypes));
        }
    }

    /// <summary>The index enforcing <paramref name="constraint"/> (PRIMARY KEY / UNIQUE) over <paramref name="table"/>'s key columns.</summary>
    public static UniqueIndex For(TableInfo table, ConstraintInfo constraint)
        => new(constraint, [.. constraint.Columns.Select(a => table.Columns[a - 1].Type)]);

    public ConstraintInfo Constraint { get; }

    /// <summary>Adds a row version under its key, or returns the conflicting row id (not added) when the key is taken.</summary>
    public long? TryAdd(object?[] key, long rowId, TableInfo table, TransactionManager txm, long ownTx, HashSet<long> ownTxs)
    {
        if (Array.IndexOf(key, null) >= 0)
        {
            return null;
        }

        if (_firstVersion is not null)
        {
            return TryAdd(IntegerKey(key[0]!), rowId, table, txm, ownTxs);
        }

        lock (_lock)
        {
            if (!_entries!.TryGetValue(key, out var list))
            {
                _entries[key] = [rowId];
                return null;
            }

            foreach (var other in list)
            {
                if (other != rowId && IsLive(other, table, txm, ownTxs))
                {
                    return other;
                }
            }

            list.Add(rowId);
            return null;
        }
    }

    /// <summary>
    /// Enters <paramref name="rowId"/>, the new version of a row whose key an UPDATE left unchanged, without searching
    /// the key's other versions (a hot row's list holds every version since the last reclaim): the replaced version
    /// held the key, so no other live version can, and a writer of the same key elsewhere finds the replaced version
    /// live (its deletion uncommitted) and waits or fails as before. Keys with a NULL are not entered, as in TryAdd.
    /// </summary>
    public void AddUnchangedKey(object?[] key, long rowId)
    {
        if (Array.IndexOf(key, null) >= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_firstVersion is not null)
            {
                var k = IntegerKey(key[0]!);
                if (!_firstVersion.TryAdd(k, rowId))
                {
                    AddMore(k, rowId);
                }
            }
            else if (_entries!.TryGetValue(key, out var list))
            {
                list.Add(rowId);
            }
            else
            {
                _entries[key] = [rowId];
            }
        }
    }

    /// <summary>
    /// Enters the keys of every live row version of a table just read back from storage (start-up: committed rows, no
    /// checks, no locking needed; <paramref name="rows"/> sizes the hash). Placeholder versions (already deleted) and
    /// keys with a NULL are left out. An integer key is read straight from its column vector, never boxed.
    /// </summary>
    public void AddCommitted(ReadOnlySpan<TableSegment> segments, long rows)
    {
        if (_firstVersion is not null)
        {
            _firstVersion.EnsureCapacity((int)Math.Min(rows, int.MaxValue / 2));
            var column = Constraint.Columns[0] - 1;
            for (var s = 0; s < segments.Length; s++)
            {
                var seg = segments[s];
                var rowBase = (long)s * TableSegment.Capacity;
                switch (seg.Columns[column])
                {
                    case PrimitiveVector<long> longs:
                        AddIntegerKeys(seg, longs, longs.Values, rowBase);
                        break;
                    case PrimitiveVector<int> ints:
                        AddIntegerKeys(seg, ints, ints.Values, rowBase);
                        break;
                    case PrimitiveVector<short> shorts:
                        AddIntegerKeys(seg, shorts, shorts.Values, rowBase);
                        break;
                    default:
                        throw new InvalidOperationException($"an integer key column was expected, not {seg.Columns[column].Type.Name}");
                }
            }

            return;
        }

        var columns = Constraint.Columns;
        for (var s = 0; s < segments.Length; s++)
        {
            var seg = segments[s];
            for (var r = 0; r < seg.Count; r++)
            {
                if (seg.DeletedBy[r] != 0)
                {
                    continue;
                }

                var key = new object?[columns.Length];
                for (var i = 0; i < key.Length; i++)
                {
                    key[i] = seg.Columns[columns[i] - 1].GetValue(r);
                }

                if (Array.IndexOf(key, null) >= 0)
                {
                    continue;
                }

                var rowId = ((long)s * TableSegment.Capacity) + r;
                if (_entries!.TryGetValue(key, out var list))
                {
                    list.Add(rowId);
                }
                else
                {
                    _entries[key] = [rowId];
                }
            }
        }
    }

    private void AddIntegerKeys<T>(TableSegment seg, ColumnVector vector, T[] values, long rowBase)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        var nulls = vector.MayHaveNulls;
        for (var r = 0; r < seg.Count; r++)
        {
            if (seg.DeletedBy[r] != 0 || (nulls && vector.IsNull(r)))
            {
                continue;
            }

            var k = long.CreateTruncating(values[r]);
            if (!_firstVersion!.TryAdd(k, rowBase + r))
            {
                AddMore(k, rowBase + r);
            }
        }
    }

    /// <summary>Whether the key is one smallint / integer / bigint column, which <see cref="TryAdd(long, long, TableInfo, TransactionManager, HashSet{long})"/> takes unboxed.</summary>
    public bool HasIntegerKey => _firstVersion is not null;

    /// <summary>
    /// <see cref="TryAdd(object?[], long, TableInfo, TransactionManager, long, HashSet{long})"/> for a non-null integer key
    /// (<see cref="HasIntegerKey"/>), without a key array or a boxed value: COPY's batch path.
    /// </summary>
    public long? TryAdd(long k, long rowId, TableInfo table, TransactionManager txm, HashSet<long> ownTxs)
    {
        lock (_lock)
        {
            if (_firstVersion!.TryAdd(k, rowId))
            {
                return null;
            }

            if (FindLive(k, rowId, table, txm, ownTxs) is { } taken)
            {
                return taken;
            }

            AddMore(k, rowId);
            return null;
        }
    }

    /// <summary>Whether some live version holds the key.</summary>
    public long? Find(object?[] key, TableInfo table, TransactionManager txm, HashSet<long> ownTxs)
    {
        lock (_lock)
        {
            if (_firstVersion is not null)
            {
                // A probe from a referencing column of another integer width still names the same value.
                return key[0] is { } value && TableKeyIndex.TryKey(value, out var k) ? FindLive(k, -1, table, txm, ownTxs) : null;
            }

            if (_entries!.TryGetValue(key, out var list))
            {
                foreach (var other in list)
                {
                    if (IsLive(other, table, txm, ownTxs))
                    {
                        return other;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>A live version of integer key <paramref name="k"/> other than <paramref name="except"/>, or null.</summary>
    private long? FindLive(long k, long except, TableInfo table, TransactionManager txm, HashSet<long> ownTxs)
    {
        if (!_firstVersion!.TryGetValue(k, out var first))
        {
            return null;
        }

        if (first != except && IsLive(first, table, txm, ownTxs))
        {
            return first;
        }

        if (_moreVersions!.TryGetValue(k, out var more))
        {
            foreach (var other in more)
            {
                if (other != except && IsLive(other, table, txm, ownTxs))
                {
                    return other;
                }
            }
        }

        return null;
    }

    private void AddMore(long k, long rowId)
    {
        if (!_moreVersions!.TryGetValue(k, out var more))
        {
            _moreVersions[k] = more = [];
        }

        more.Add(rowId);
    }

    private static long IntegerKey(object value) => TableKeyIndex.TryKey(value, out var k)
        ? k
        : throw new InvalidCastException($"an integer key was expected, not {value.GetType().Name}");

    private static bool IsLive(long rowId, TableInfo table, TransactionManager txm, HashSet<long> ownTxs)
    {
        var (seg, off) = table.Data.Locate(rowId);
        var created = seg.CreatedBy[off];
        if (!ownTxs.Contains(created) && txm.Get(created) is { Aborted: true })
        {
            return false;
        }

        var deleted = Volatile.Read(ref seg.DeletedBy[off]);
        if (deleted == 0)
        {
            return true;
        }

        if (ownTxs.Contains(deleted))
        {
            return false;
        }

        var d = txm.Get(deleted);
        return d is null || d.Aborted || d.CommitSequence == 0;
    }

    /// <summary>
    /// Follows a compaction of the table (<see cref="Columnar.ColumnarTable.Compact"/>): each row id becomes its new
    /// one, and entries of dropped versions (-1) go, with keys left without versions.
    /// </summary>
    public void Remap(long[] map)
    {
        lock (_lock)
        {
            if (_firstVersion is not null)
            {
                RemapIntegerKeys(map);
                return;
            }

            List<object?[]>? empty = null;
            foreach (var (key, list) in _entries!)
            {
                if (RemapList(list, map) == 0)
                {
                    (empty ??= []).Add(key);
                }
            }

            foreach (var key in empty ?? [])
            {
                _entries.Remove(key);
            }
        }
    }

    /// <summary>Remaps a key's versions in place; returns how many remain.</summary>
    private static int RemapList(List<long> list, long[] map)
    {
        var kept = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var moved = list[i] < map.Length ? map[list[i]] : -1;
            if (moved >= 0)
            {
                list[kept++] = moved;
            }
        }

        list.RemoveRange(kept, list.Count - kept);
        return kept;
    }

    /// <summary>Rebuilds the integer-key tables with the remapped versions (the first survivor becomes the first version).</summary>
    private void RemapIntegerKeys(long[] map)
    {
        var first = new Dictionary<long, long>(_firstVersion!.Count);
        var more = new Dictionary<long, List<long>>();
        foreach (var (k, rowId) in _firstVersion)
        {
            var moved = rowId < map.Length ? map[rowId] : -1;
            if (_moreVersions!.TryGetValue(k, out var list))
            {
                RemapList(list, map);
                if (moved < 0 && list.Count > 0)
                {
                    moved = list[0];
                    list.RemoveAt(0);
                }

                if (list.Count > 0)
                {
                    more[k] = list;
                }
            }

            if (moved >= 0)
            {
                first[k] = moved;
            }
        }

        _firstVersion = first;
        _moreVersions = more;
    }

    /// <summary>Drops every entry (TRUNCATE).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries?.Clear();
            _firstVersion?.Clear();
            _moreVersions?.Clear();
        }
    }
}
