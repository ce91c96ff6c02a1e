using System.Buffers.Binary;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// The key layout of the engine in the KV store. Every key starts with a one-byte space tag, so that each kind of
/// record is one contiguous, separately iterable range:
/// <list type="bullet">
/// <item><c>0x01 name</c>: metadata (format version, the catalog image).</item>
/// <item><c>0x02 table-oid(u32 BE) tuple-id(u64 BE)</c>: one committed row of a table.</item>
/// <item><c>0x03 sequence-oid(u32 BE)</c>: a sequence's last value and is_called flag.</item>
/// <item><c>0x04 index-oid(u32 BE) ...</c>: an HNSW index's graph (<see cref="Vectors.HnswGraphStore"/>).</item>
/// </list>
/// A tuple id is the row's durable identity (its position in memory changes across restarts): an update writes the
/// new version under a new tuple id and deletes the old one, in the committing transaction's one atomic batch.
/// </summary>
internal static class StorageKeys
{
    public const byte MetaSpace = 0x01;
    public const byte RowSpace = 0x02;
    public const byte SequenceSpace = 0x03;
    public const byte HnswSpace = 0x04;

    /// <summary>Length of a row key.</summary>
    public const int RowKeyLength = 1 + 4 + 8;

    /// <summary>The on-disk format version; a store written by another version is refused at open.</summary>
    public const int FormatVersion = 1;

    public static byte[] Meta(string name)
    {
        var key = new byte[1 + name.Length];
        key[0] = MetaSpace;
        System.Text.Encoding.ASCII.GetBytes(name, key.AsSpan(1));
        return key;
    }

    public static void Row(Span<byte> key, uint tableOid, long tupleId)
    {
        key[0] = RowSpace;
        BinaryPrimitives.WriteUInt32BigEndian(key[1..], tableOid);
        BinaryPrimitives.WriteInt64BigEndian(key[5..], tupleId);
    }

    public static long TupleId(ReadOnlySpan<byte> rowKey) => BinaryPrimitives.ReadInt64BigEndian(rowKey[5..]);

    /// <summary>[start, end) of one table's rows.</summary>
    public static (byte[] Start, byte[] End) TableRange(uint tableOid)
    {
        var start = new byte[5];
        start[0] = RowSpace;
        BinaryPrimitives.WriteUInt32BigEndian(start.AsSpan(1), tableOid);
        var end = new byte[5];
        end[0] = RowSpace;
        BinaryPrimitives.WriteUInt32BigEndian(end.AsSpan(1), tableOid);
        IncrementBigEndian(end.AsSpan(1));
        if (tableOid == uint.MaxValue)
        {
            end = [(byte)(RowSpace + 1)];
        }

        return (start, end);
    }

    public static byte[] Sequence(uint sequenceOid)
    {
        var key = new byte[5];
        key[0] = SequenceSpace;
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(1), sequenceOid);
        return key;
    }

    public static uint SequenceOid(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadUInt32BigEndian(key[1..]);

    private static void IncrementBigEndian(Span<byte> value)
    {
        for (var i = value.Length - 1; i >= 0; i--)
        {
            if (++value[i] != 0)
            {
                return;
            }
        }
    }
}
