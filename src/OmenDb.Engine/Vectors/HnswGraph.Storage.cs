using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OmenDb.Engine.Vectors;

/// <summary>Reads one row's vector for <see cref="HnswGraph.Import"/> (empty when the row has none).</summary>
internal delegate ReadOnlySpan<float> HnswVectorReader(long row);

/// <summary>
/// The graph's stored form (<see cref="HnswGraphStore"/> keeps it in RocksDB): per chunk of <see cref="ChunkSize"/>
/// nodes, for each node its durable key (the row's tuple id), a hash of its vector, its level, and its neighbour ids on
/// each layer. Vectors are not stored: they are the table's, read back through the key, and the hash proves that the
/// row found is the one the links were computed for.
/// <para>Node record, little-endian: key i64, vector hash u32, level u8, then per layer 0..level a count u16 and that
/// many node ids i32.</para>
/// </summary>
internal sealed partial class HnswGraph
{
    /// <summary>Stored nodes that may be missing (deleted since the graph was written, or whose row changed) before a
    /// load gives up and rebuilds. A missing node's links are bridged (<see cref="Repair"/>): each node that linked to it
    /// takes the missing node's own neighbours as candidates and keeps the best by the selection heuristic, which costs
    /// a fraction of linking the node anew; past half the graph gone, a build of the rows that remain is cheaper.</summary>
    private const double MaxDroppedShare = 0.5;

    /// <summary>Chunks of the stored form (one per <see cref="ChunkSize"/> nodes, the last partial).</summary>
    public int StoredChunks => StoredChunksOf(Count);

    /// <summary>The node at which searches start, or −1 for an empty graph.</summary>
    public int EntryNode => Volatile.Read(ref _entry)?.Node ?? -1;

    /// <summary>Nodes whose links are complete: the prefix a write may store while the writer links later ones.</summary>
    public int LinkedCount => Volatile.Read(ref _linked);

    /// <summary>Chunks the stored form of the first <paramref name="nodes"/> nodes takes.</summary>
    public static int StoredChunksOf(int nodes) => (nodes + ChunkSize - 1) / ChunkSize;

    /// <summary>Serialises the nodes of chunk <paramref name="chunk"/>, each keyed by <paramref name="keyOf"/>(label).
    /// The caller keeps the graph from changing meanwhile.</summary>
    public byte[] ExportChunk(int chunk, Func<long, long> keyOf) => ExportChunk(chunk, keyOf, Count);

    /// <summary>
    /// Serialises the nodes of chunk <paramref name="chunk"/> among the first <paramref name="nodes"/> (at most
    /// <see cref="LinkedCount"/>), leaving out links to later nodes. The writer may link meanwhile: readers never lock
    /// (see the class notes), so each list read is a list the node had or is getting, of nodes that exist.
    /// </summary>
    public byte[] ExportChunk(int chunk, Func<long, long> keyOf, int nodes)
    {
        var first = chunk * ChunkSize;
        var end = Math.Min(nodes, first + ChunkSize);
        var writer = new ArrayBufferWriter<byte>(ChunkSize * (13 + 2 + (2 * M * 4)));
        for (var node = first; node < end; node++)
        {
            var level = LevelOf(node);
            var head = writer.GetSpan(13);
            BinaryPrimitives.WriteInt64LittleEndian(head, keyOf(LabelOf(node)));
            BinaryPrimitives.WriteUInt32LittleEndian(head[8..], VectorHash(VectorOf(node)));
            head[12] = (byte)level;
            writer.Advance(13);
            for (var layer = 0; layer <= level; layer++)
            {
                var links = Neighbours(node, layer);
                var span = writer.GetSpan(2 + (4 * links.Length));
                var written = 0;
                foreach (var link in links)
                {
                    if (link < nodes)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(span[(2 + (4 * written++))..], link);
                    }
                }

                BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)written);
                writer.Advance(2 + (4 * written));
            }
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Rebuilds a graph from its stored chunks: each node's row is found through <paramref name="rowOf"/>(key) (−1 when
    /// gone) and its vector through <paramref name="vectorOf"/>; nodes whose row is gone or whose vector no longer hashes
    /// the same are dropped with their links. Returns null (and why) when the chunks are malformed or more than
    /// <see cref="MaxDroppedShare"/> of the nodes had to be dropped.
    /// </summary>
    public static HnswGraph? Import(HnswGraph empty, IReadOnlyList<byte[]> chunks, int nodeCount, int entryNode,
        Func<long, long> rowOf, HnswVectorReader vectorOf, out string? problem)
    {
        var graph = empty;
        var rows = new long[nodeCount];
        var levels = new byte[nodeCount];
        var offsets = new int[nodeCount]; // where the node's first layer starts in its chunk
        var node = 0;
        for (var c = 0; c < chunks.Count; c++)
        {
            var data = chunks[c];
            var at = 0;
            var end = Math.Min(nodeCount, (c + 1) * ChunkSize);
            for (; node < end; node++)
            {
                if (at + 13 > data.Length)
                {
                    problem = $"chunk {c} ends inside node {node}";
                    return null;
                }

                var row = rowOf(BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(at)));
                var hash = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 8));
                levels[node] = data[at + 12];
                at += 13;
                offsets[node] = at;
                for (var layer = 0; layer <= levels[node]; layer++)
                {
                    if (at + 2 > data.Length || at + 2 + (4 * BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at))) > data.Length)
                    {
                        problem = $"chunk {c} ends inside the links of node {node}";
                        return null;
                    }

                    at += 2 + (4 * BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at)));
                }

                var vector = row < 0 ? default : vectorOf(row);
                rows[node] = vector.Length == graph.Dimensions && VectorHash(vector) == hash ? row : -1;
            }

            if (at != data.Length)
            {
                problem = $"chunk {c} has {data.Length - at} bytes after its last node";
                return null;
            }
        }

        if (node != nodeCount)
        {
            problem = $"{node} of {nodeCount} nodes stored";
            return null;
        }

        // Kept nodes are renumbered densely, in stored order.
        var renumbered = new int[nodeCount];
        var kept = 0;
        for (var n = 0; n < nodeCount; n++)
        {
            renumbered[n] = rows[n] < 0 ? -1 : kept++;
        }

        if (nodeCount - kept > MaxDroppedShare * nodeCount)
        {
            problem = $"{nodeCount - kept} of {nodeCount} stored nodes no longer match a row";
            return null;
        }

        var ids = new List<int>();
        var repairs = new List<(int Node, int Layer)>(); // stored node and layer that lost a neighbour
        for (var n = 0; n < nodeCount; n++)
        {
            if (renumbered[n] < 0)
            {
                continue;
            }

            var id = graph.Store(vectorOf(rows[n]), rows[n], levels[n]); // the stored level: the label (row id) may hash to another now
            var data = chunks[n / ChunkSize];
            var at = offsets[n];
            for (var layer = 0; layer <= levels[n]; layer++)
            {
                int count = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));
                at += 2;
                ids.Clear();
                for (var i = 0; i < count; i++, at += 4)
                {
                    var target = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at));
                    if ((uint)target >= (uint)nodeCount || levels[target] < layer)
                    {
                        problem = $"node {n} links to node {target} on layer {layer}";
                        return null;
                    }

                    if (renumbered[target] >= 0)
                    {
                        ids.Add(renumbered[target]);
                    }
                }

                graph.SetNeighbours(id, layer, CollectionsMarshal.AsSpan(ids));
                if (ids.Count < count)
                {
                    repairs.Add((n, layer));
                }
            }
        }

        var stored = new StoredLinks(chunks, offsets, levels, renumbered);
        Parallel.For(0, repairs.Count, r => graph.Repair(stored, repairs[r].Node, repairs[r].Layer));

        graph._linked = graph._count;
        graph.CheckCompactWalk();
        if (kept > 0)
        {
            // The stored entry point, or (when its row is gone) the first node on the highest level that remains.
            var entry = (uint)entryNode < (uint)nodeCount && renumbered[entryNode] >= 0 ? renumbered[entryNode] : -1;
            if (entry < 0)
            {
                entry = 0;
                for (var n = 1; n < kept; n++)
                {
                    entry = graph.LevelOf(n) > graph.LevelOf(entry) ? n : entry;
                }
            }

            graph._entry = new EntryPoint(entry, graph.LevelOf(entry));
        }

        problem = null;
        return graph;
    }

    /// <summary>
    /// Bridges the links a loaded node lost on a layer with the nodes that did not come back: its candidates are its
    /// remaining neighbours and the remaining neighbours of each missing one (as stored, so every repair reads the same
    /// input whatever the order they run in, and a repair writes only its own node's list); when more than the layer's
    /// links remain, the selection heuristic keeps the best.
    /// </summary>
    private void Repair(StoredLinks stored, int storedNode, int layer)
    {
        var work = Workspace.For(this);
        var node = stored.Renumbered[storedNode];
        var candidates = work.Ids;
        candidates.Clear();
        var links = stored.Links(storedNode, layer);
        for (var t = 0; t < links.Count; t++)
        {
            var target = links[t];
            if (stored.Renumbered[target] >= 0)
            {
                candidates.Add(stored.Renumbered[target]);
                continue;
            }

            var bridges = stored.Links(target, layer);
            for (var b = 0; b < bridges.Count; b++)
            {
                var bridge = bridges[b];
                // A missing node's own list was not validated: ids out of range or below the layer are skipped.
                if (bridge != storedNode && (uint)bridge < (uint)stored.Renumbered.Length && stored.Levels[bridge] >= layer
                    && stored.Renumbered[bridge] >= 0)
                {
                    candidates.Add(stored.Renumbered[bridge]);
                }
            }
        }

        var span = CollectionsMarshal.AsSpan(candidates);
        span.Sort();
        var unique = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (i == 0 || span[i] != span[i - 1])
            {
                span[unique++] = span[i];
            }
        }

        var max = layer == 0 ? 2 * M : M;
        if (unique <= max)
        {
            SetNeighbours(node, layer, span[..unique]);
            return;
        }

        var scored = work.Pruning;
        scored.Clear();
        var own = VectorOf(node);
        foreach (var c in span[..unique])
        {
            scored.Add((c, Score(own, c, work.Scratch)));
        }

        scored.Sort(ByScoreThenNode);
        var kept = SelectNeighbours(scored, max, work.Kept, work);
        candidates.Clear();
        foreach (var (n, _) in kept)
        {
            candidates.Add(n);
        }

        SetNeighbours(node, layer, CollectionsMarshal.AsSpan(candidates));
    }

    /// <summary>The stored chunks' neighbour lists (validated by <see cref="Import"/>), read by stored node id.</summary>
    private sealed class StoredLinks(IReadOnlyList<byte[]> chunks, int[] offsets, byte[] levels, int[] renumbered)
    {
        /// <summary>Stored node id → its level.</summary>
        public byte[] Levels => levels;

        /// <summary>Stored node id → loaded node id, −1 for a node that did not come back.</summary>
        public int[] Renumbered => renumbered;

        /// <summary>A stored node's stored neighbours on a layer, read in place (no iterator per list: a repair reads the
        /// list of every neighbour its node lost).</summary>
        public StoredList Links(int storedNode, int layer)
        {
            var data = chunks[storedNode / ChunkSize];
            var at = offsets[storedNode];
            for (var l = 0; l < layer; l++)
            {
                at += 2 + (4 * BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at)));
            }

            int count = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));
            return new StoredList(data.AsSpan(at + 2, 4 * count));
        }
    }

    /// <summary>One stored neighbour list: little-endian node ids.</summary>
    private readonly ref struct StoredList
    {
        private readonly ReadOnlySpan<byte> _ids;

        public StoredList(ReadOnlySpan<byte> ids) => _ids = ids;

        /// <summary>Ids in the list.</summary>
        public int Count => _ids.Length / sizeof(int);

        /// <summary>The id at <paramref name="index"/>.</summary>
        public int this[int index] => BinaryPrimitives.ReadInt32LittleEndian(_ids[(sizeof(int) * index)..]);
    }

    /// <summary>A 32-bit hash of a vector's bits: not a checksum of the store, it tells whether the row found under a
    /// key still holds the vector the links were computed for.</summary>
    public static uint VectorHash(ReadOnlySpan<float> vector)
        => HnswGraphStore.Checksum(MemoryMarshal.AsBytes(vector), 0) is var h ? (uint)(h ^ (h >> 32)) : 0;

}
