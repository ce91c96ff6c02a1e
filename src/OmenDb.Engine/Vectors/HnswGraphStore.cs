using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OmenDb.Engine.Persistence;
using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// HNSW graphs in the KV store, so that a restart loads a graph instead of rebuilding it. Key space
/// <see cref="StorageKeys.HnswSpace"/>:
/// <list type="bullet">
/// <item><c>0x04 index-oid(u32 BE) 0x00</c>: the header: format version, write id, table oid, dimensions, metric, m,
/// ef_construction, node count, chunk count, entry node, then a checksum of those fields (all i32/u32/u64 LE).</item>
/// <item><c>0x04 index-oid 0x01 write-id(u64 BE) chunk(u32 BE)</c>: a checksum (seeded with the write id) then one chunk
/// of <see cref="HnswGraph.ExportChunk(int, Func{long, long}, int)"/>.</item>
/// </list>
/// Nodes are keyed by the rows' tuple ids, which survive restarts (row ids do not). Each write puts its chunks under its
/// own write id (a generation) while the previous graph stays whole, then in one atomic batch puts the header naming
/// the new write id and deletes every other generation's chunks: a crash at any point leaves either the old graph or
/// the new one, never none (which would force a rebuild), and a write that did not finish leaves only chunks no header
/// names, removed by the next write or drop. Chunks of two writes never pass as one graph: a load reads only the header's
/// generation, and checksums are seeded with the write id.
/// <para>A load checks everything it reads: a missing header, another format version, other options or table, a
/// checksum that does not match or a malformed chunk make it fail with the reason (the index is then rebuilt and the
/// log says why).</para>
/// </summary>
internal static class HnswGraphStore
{
    /// <summary>The stored graph's format; a graph written in another one is rebuilt.</summary>
    public const int FormatVersion = 2;

    [ThreadStatic]
    private static int t_chunksPerBatch;

    /// <summary>Chunks per write batch: bounds the memory a write of a large graph holds at once. 32, unless a test set
    /// fewer on its thread to see a write between two batches.</summary>
    internal static int ChunksPerBatch
    {
        get => t_chunksPerBatch > 0 ? t_chunksPerBatch : 32;
        set => t_chunksPerBatch = value;
    }

    private const int HeaderFields = 11; // version, write id (2 words), table, dims, metric, m, ef, nodes, chunks, entry

    private static long s_writeIds = DateTime.UtcNow.Ticks;

    /// <summary>Stores the first <paramref name="linked"/> nodes of <paramref name="graph"/> (by default
    /// <see cref="HnswGraph.LinkedCount"/>: the writer may go on linking meanwhile, so a caller whose
    /// <paramref name="keyOf"/> covers only the rows linked when it was taken passes that count) for index
    /// <paramref name="indexOid"/>, keyed by <paramref name="keyOf"/>(label); returns how many nodes were stored, or −1
    /// when <paramref name="stop"/> said so between two batches of chunks (the graph stored before stays).</summary>
    public static int Write(IKvStore kv, uint indexOid, uint tableOid, HnswOptions options, HnswGraph graph, Func<long, long> keyOf,
        Func<bool>? stop = null, int linked = -1)
    {
        var nodes = linked < 0 ? graph.LinkedCount : linked;
        var entry = graph.EntryNode; // may be a later node than those stored: a load then takes the highest stored one
        var writeId = (ulong)Interlocked.Increment(ref s_writeIds);
        using var batch = kv.CreateWriteBatch();
        var chunks = HnswGraph.StoredChunksOf(nodes);
        for (var c = 0; c < chunks; c++)
        {
            var body = graph.ExportChunk(c, keyOf, nodes);
            var value = new byte[8 + body.Length];
            body.CopyTo(value, 8);
            BinaryPrimitives.WriteUInt64LittleEndian(value, Checksum(body, writeId));
            batch.Put(ChunkKey(indexOid, writeId, c), value);
            if (batch.Count == ChunksPerBatch)
            {
                kv.Write(batch, sync: false);
                batch.Clear();
                if (stop?.Invoke() == true)
                {
                    return -1;
                }
            }
        }

        Span<uint> header = stackalloc uint[HeaderFields + 2];
        header[0] = FormatVersion;
        header[1] = (uint)writeId;
        header[2] = (uint)(writeId >> 32);
        header[3] = tableOid;
        header[4] = (uint)options.Dimensions;
        header[5] = (uint)options.Metric;
        header[6] = (uint)options.M;
        header[7] = (uint)options.EfConstruction;
        header[8] = (uint)nodes;
        header[9] = (uint)chunks;
        header[10] = (uint)entry;
        var sum = Checksum(MemoryMarshal.AsBytes(header[..HeaderFields]), 0);
        header[11] = (uint)sum;
        header[12] = (uint)(sum >> 32);
        batch.Put(HeaderKey(indexOid), MemoryMarshal.AsBytes(header));
        // The switch: in the same atomic batch as the new header, every other generation's chunks go.
        var end = Range(indexOid).End;
        batch.DeleteRange(ChunkKey(indexOid, 0, 0)[..^4], ChunkKey(indexOid, writeId, 0)[..^4]);
        if (writeId != ulong.MaxValue)
        {
            batch.DeleteRange(ChunkKey(indexOid, writeId + 1, 0)[..^4], end);
        }

        kv.Write(batch, sync: false);
        return nodes;
    }

    /// <summary>
    /// The stored graph of index <paramref name="indexOid"/>, rebuilt into <paramref name="empty"/> (see
    /// <see cref="HnswGraph.Import"/>), or null with the reason it cannot be used.
    /// </summary>
    public static HnswGraph? Read(IKvStore kv, uint indexOid, uint tableOid, HnswOptions options, HnswGraph empty,
        Func<long, long> rowOf, HnswVectorReader vectorOf, out string problem)
    {
        uint[] header;
        using (var value = kv.Get(HeaderKey(indexOid)))
        {
            if (!value.Exists)
            {
                problem = "no stored graph";
                return null;
            }

            if (value.Span.Length != (HeaderFields + 2) * 4)
            {
                problem = "stored graph header corrupt (length)";
                return null;
            }

            header = MemoryMarshal.Cast<byte, uint>(value.Span).ToArray();
        }

        var sum = Checksum(MemoryMarshal.AsBytes(header.AsSpan(0, HeaderFields)), 0);
        if (header[11] != (uint)sum || header[12] != (uint)(sum >> 32))
        {
            problem = "stored graph header corrupt (checksum)";
            return null;
        }

        if (header[0] != FormatVersion)
        {
            problem = $"stored graph in format {header[0]}, this server reads format {FormatVersion}";
            return null;
        }

        if (header[3] != tableOid || header[4] != options.Dimensions || header[5] != (uint)options.Metric || header[6] != options.M
            || header[7] != options.EfConstruction)
        {
            problem = "stored graph built for other options";
            return null;
        }

        var writeId = header[1] | ((ulong)header[2] << 32);
        var (nodes, chunkCount, entry) = ((int)header[8], (int)header[9], (int)header[10]);
        var chunks = new List<byte[]>(chunkCount);
        var end = writeId == ulong.MaxValue ? Range(indexOid).End : ChunkKey(indexOid, writeId + 1, 0)[..^4];
        using (var it = kv.CreateIterator(ChunkKey(indexOid, writeId, 0), end))
        {
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                var c = chunks.Count;
                if (!it.Key.SequenceEqual(ChunkKey(indexOid, writeId, c)) || it.Value.Length < 8)
                {
                    problem = $"stored graph chunk {c} missing";
                    return null;
                }

                var body = it.Value[8..];
                if (BinaryPrimitives.ReadUInt64LittleEndian(it.Value) != Checksum(body, writeId))
                {
                    problem = $"stored graph chunk {c} corrupt (checksum)";
                    return null;
                }

                chunks.Add(body.ToArray());
            }
        }

        if (chunks.Count != chunkCount)
        {
            problem = $"stored graph has {chunks.Count} of {chunkCount} chunks";
            return null;
        }

        var graph = HnswGraph.Import(empty, chunks, nodes, entry, rowOf, vectorOf, out var importProblem);
        problem = importProblem is null ? "" : $"stored graph not usable: {importProblem}";
        return graph;
    }

    /// <summary>Removes the stored graph of one index (its graph was rebuilt from other storage).</summary>
    public static void Delete(IKvStore kv, uint indexOid)
    {
        using var batch = kv.CreateWriteBatch();
        var (start, end) = Range(indexOid);
        batch.DeleteRange(start, end);
        kv.Write(batch, sync: false);
    }

    /// <summary>Removes the stored graphs of indexes not in <paramref name="keep"/> (dropped, or created by a transaction
    /// that rolled back); run at start.</summary>
    public static void DeleteOthers(IKvStore kv, HashSet<uint> keep)
    {
        var stale = new HashSet<uint>();
        using (var it = kv.CreateIterator([StorageKeys.HnswSpace], [StorageKeys.HnswSpace + 1]))
        {
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                if (it.Key.Length >= 5 && BinaryPrimitives.ReadUInt32BigEndian(it.Key[1..]) is var oid && !keep.Contains(oid))
                {
                    stale.Add(oid);
                }
            }
        }

        foreach (var oid in stale)
        {
            Delete(kv, oid);
        }
    }

    /// <summary>A 64-bit FNV-1a over 8-byte words (then the tail bytes), seeded: cheap enough for hundreds of megabytes
    /// at start, and it catches torn or altered records.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> data, ulong seed)
    {
        var hash = 14695981039346656037UL ^ seed;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var word in words)
        {
            hash = (hash ^ word) * 1099511628211UL;
        }

        foreach (var b in data[(words.Length * 8)..])
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private static byte[] HeaderKey(uint indexOid)
    {
        var key = new byte[6];
        key[0] = StorageKeys.HnswSpace;
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(1), indexOid);
        return key;
    }

    /// <summary>The key of chunk <paramref name="chunk"/> of generation <paramref name="writeId"/>; without its last four
    /// bytes, the prefix of that generation's chunks (in key order, generations follow their write ids).</summary>
    private static byte[] ChunkKey(uint indexOid, ulong writeId, int chunk)
    {
        var key = new byte[18];
        key[0] = StorageKeys.HnswSpace;
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(1), indexOid);
        key[5] = 1;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(6), writeId);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(14), (uint)chunk);
        return key;
    }

    /// <summary>[start, end) of one index's records.</summary>
    private static (byte[] Start, byte[] End) Range(uint indexOid)
    {
        var start = new byte[5];
        start[0] = StorageKeys.HnswSpace;
        BinaryPrimitives.WriteUInt32BigEndian(start.AsSpan(1), indexOid);
        var end = new byte[6];
        start.CopyTo(end, 0);
        end[5] = 2; // past the header (0x00) and the chunks (0x01)
        return (start, end);
    }
}
