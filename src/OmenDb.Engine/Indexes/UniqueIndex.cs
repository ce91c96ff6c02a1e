using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Transactions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// Enforces a PRIMARY KEY / UNIQUE constraint: a hash of key → row ids of every version that may still be
/// live. A new key conflicts with a version whose creator did not abort and whose deleter (if any) did not
/// commit (PostgreSQL checks the newest versions, not the snapshot). Keys with a NULL never conflict.
/// </summary>
internal sealed class UniqueIndex
{
    private readonly Dictionary<object?[], List<long>> _entries;
    private readonly object _lock = new();

    public UniqueIndex(ConstraintInfo constraint, PgType[] keyTypes)
    {
        Constraint = constraint;
        _entries = new Dictionary<object?[], List<long>>(new RowEqualityComparer(keyTypes));
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

        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var list))
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

    /// <summary>Adds the key of a committed row read back from storage (start-up: no checks, no locking needed).</summary>
    public void AddCommitted(ReadOnlySpan<object?> row, long rowId)
    {
        var key = new object?[Constraint.Columns.Length];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = row[Constraint.Columns[i] - 1];
        }

        if (Array.IndexOf(key, null) >= 0)
        {
            return;
        }

        if (_entries.TryGetValue(key, out var list))
        {
            list.Add(rowId);
        }
        else
        {
            _entries[key] = [rowId];
        }
    }

    /// <summary>Whether some live version holds the key.</summary>
    public long? Find(object?[] key, TableInfo table, TransactionManager txm, HashSet<long> ownTxs)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var list))
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
            List<object?[]>? empty = null;
            foreach (var (key, list) in _entries)
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
                if (kept == 0)
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

    /// <summary>Drops every entry (TRUNCATE).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }
}
