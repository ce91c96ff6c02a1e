using System.Runtime.CompilerServices;

namespace OmenDb.Engine.Execution.Vectorized;

/// <summary>
/// An open-addressing hash map from long keys to dense ids 0, 1, 2... in insertion order (linear probing, load at
/// most 1/2, Fibonacci hashing). Group ids of the vectorised aggregate and key ids of the join's build side.
/// </summary>
internal sealed class LongKeyMap
{
    private long[] _slotKeys;

    /// <summary>Id + 1 per slot; 0 = empty.</summary>
    private int[] _slotIds;
    private int _shift;
    private long[] _keys;

    public LongKeyMap(int capacity = 16)
    {
        var size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        _slotKeys = new long[size];
        _slotIds = new int[size];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        _keys = new long[16];
    }

    /// <summary>Number of distinct keys.</summary>
    public int Count { get; private set; }

    /// <summary>The key of id <paramref name="id"/>.</summary>
    public long KeyAt(int id) => _keys[id];

    /// <summary>The id of <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key)
    {
        var mask = _slotIds.Length - 1;
        var slot = Slot(key);
        while (true)
        {
            var id = _slotIds[slot];
            if (id == 0)
            {
                return -1;
            }

            if (_slotKeys[slot] == key)
            {
                return id - 1;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>The id of <paramref name="key"/>, adding it (with the next id) when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(long key, out bool added)
    {
        var mask = _slotIds.Length - 1;
        var slot = Slot(key);
        while (true)
        {
            var id = _slotIds[slot];
            if (id == 0)
            {
                break;
            }

            if (_slotKeys[slot] == key)
            {
                added = false;
                return id - 1;
            }

            slot = (slot + 1) & mask;
        }

        added = true;
        return Add(key, slot);
    }

    private int Add(long key, int slot)
    {
        var id = Count++;
        if (id == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
        }

        _keys[id] = key;
        _slotKeys[slot] = key;
        _slotIds[slot] = id + 1;
        if (Count * 2 > _slotIds.Length)
        {
            Rehash();
        }

        return id;
    }

    private void Rehash()
    {
        var size = _slotIds.Length * 2;
        _slotKeys = new long[size];
        _slotIds = new int[size];
        _shift--;
        var mask = size - 1;
        for (var id = 0; id < Count; id++)
        {
            var slot = Slot(_keys[id]);
            while (_slotIds[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slotKeys[slot] = _keys[id];
            _slotIds[slot] = id + 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);
}
