using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// A hierarchical navigable small-world graph (Malkov and Yashunin) over float32 vectors, as pgvector's hnsw access
/// method builds it: <see cref="M"/> links per node on the upper layers and 2·M on layer 0, candidates kept while
/// building (<see cref="EfConstruction"/>) and while searching (ef_search), neighbours chosen with the diversity
/// heuristic. Node levels are drawn with mL = 1/ln(M) from a seeded generator, so a single-threaded build is
/// reproducible.
/// <para>Storage: vectors, labels and layer-0 links live in chunks that never move once allocated. Layer 0 (every node,
/// and where a build spends its time) is one flat int[] per chunk with a fixed row per node: a count and
/// <see cref="Layer0Slots"/> neighbour ids, so linking allocates nothing. The few nodes above layer 0 (1 in M) keep an
/// array per upper layer, replaced copy-on-write.</para>
/// <para>Concurrency: any number of searches run alongside any number of inserts. A node's links change under its
/// striped lock (<see cref="_nodeLocks"/>); readers never lock: a layer-0 row is read as its count then its ids, and
/// every id ever written there is a node that exists, so a reader racing a writer sees an old or a new neighbourhood
/// (or a mix), never garbage. The entry point changes under <see cref="_entryLock"/>.</para>
/// </summary>
internal sealed class HnswGraph
{
    /// <summary>Nodes per storage chunk (vectors and links); chunks are allocated as the graph grows and never copied.</summary>
    private const int ChunkSize = 4096;

    /// <summary>Locks striped over nodes: 4,096 stripes make two inserts contend only when they touch nodes ≡ mod 4,096.</summary>
    private const int LockStripes = 4096;

    /// <summary>The per-thread search state (visited marks, heaps, lists), reused by every search and insert.</summary>
    [ThreadStatic]
    private static Workspace? t_workspace;

    private readonly object _entryLock = new();
    private readonly object _growLock = new();
    private readonly object[] _nodeLocks;
    private readonly double _levelMultiplier;
    private readonly Random _random;
    private float[][] _vectorChunks = [];
    private long[][] _labelChunks = [];
    private int[][] _layer0Chunks = []; // [chunk][node in chunk · Layer0Stride] = count, then Layer0Slots ids
    private UpperLinks?[][] _upperChunks = []; // [chunk][node in chunk] → ids per layer 1..level (null at level 0)
    private int _count;
    private int _entry = -1;
    private int _maxLevel = -1;

    /// <summary>Creates an empty graph.</summary>
    public HnswGraph(int dimensions, VectorMetric metric, int m = 16, int efConstruction = 64, int seed = 42)
    {
        Dimensions = dimensions;
        Metric = metric;
        M = m;
        EfConstruction = efConstruction;
        _levelMultiplier = 1 / Math.Log(Math.Max(2, m));
        _random = new Random(seed);
        Layer0Slots = 3 * m;
        _nodeLocks = new object[LockStripes];
        for (var i = 0; i < _nodeLocks.Length; i++)
        {
            _nodeLocks[i] = new object();
        }
    }

    /// <summary>Neighbour slots per node on layer 0: 2·M links, plus half as many again that a list may run over before
    /// the heuristic prunes it back (see <see cref="AddBackLink"/>).</summary>
    private int Layer0Slots { get; }

    private int Layer0Stride => Layer0Slots + 1;

    /// <summary>Floats per vector.</summary>
    public int Dimensions { get; }

    /// <summary>The distance the graph is built for (the operator class).</summary>
    public VectorMetric Metric { get; }

    /// <summary>Links per node on layers above 0 (pgvector's m, default 16).</summary>
    public int M { get; }

    /// <summary>Candidate list size while inserting (pgvector's ef_construction, default 64).</summary>
    public int EfConstruction { get; }

    /// <summary>Nodes inserted so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Inserts a vector under a caller-chosen label (a row id) and returns its node id. Thread-safe.</summary>
    public int Add(ReadOnlySpan<float> vector, long label)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"expected {Dimensions} dimensions, not {vector.Length}", nameof(vector));
        }

        int level;
        int node;
        lock (_growLock)
        {
            level = (int)(-Math.Log(1 - _random.NextDouble()) * _levelMultiplier);
            node = _count;
            EnsureCapacity(node + 1);
            vector.CopyTo(_vectorChunks[node / ChunkSize].AsSpan(node % ChunkSize * Dimensions, Dimensions));
            _labelChunks[node / ChunkSize][node % ChunkSize] = label;
            if (level > 0)
            {
                _upperChunks[node / ChunkSize][node % ChunkSize] = new UpperLinks(level);
            }

            Volatile.Write(ref _count, node + 1);
        }

        Link(node, level);
        return node;
    }

    /// <summary>
    /// The labels of the approximate <paramref name="k"/> nearest nodes to <paramref name="query"/> (closest first) with
    /// their kernel scores, exploring <paramref name="ef"/> candidates on layer 0. Labels for which
    /// <paramref name="accept"/> returns false (deleted or filtered rows) still guide the walk but are not returned.
    /// </summary>
    public List<(long Label, float Score)> Search(ReadOnlySpan<float> query, int k, int ef, Func<long, bool>? accept = null)
    {
        var entry = Volatile.Read(ref _entry);
        if (entry < 0)
        {
            return [];
        }

        var work = Workspace.For(this);
        var current = entry;
        var currentScore = Score(query, current, work.Scratch);
        for (var layer = Volatile.Read(ref _maxLevel); layer > 0; layer--)
        {
            (current, currentScore) = Greedy(query, current, currentScore, layer, work.Scratch);
        }

        work.Entries.Clear();
        work.Entries.Add((current, currentScore));
        var found = SearchLayer(query, work, Math.Max(ef, k), 0);
        var result = new List<(long, float)>(k);
        foreach (var (node, score) in found)
        {
            var label = LabelOf(node);
            if (accept is null || accept(label))
            {
                result.Add((label, score));
                if (result.Count == k)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>The stored vector of a node.</summary>
    public ReadOnlySpan<float> VectorOf(int node) => _vectorChunks[node / ChunkSize].AsSpan(node % ChunkSize * Dimensions, Dimensions);

    /// <summary>The label a node was inserted with.</summary>
    public long LabelOf(int node) => _labelChunks[node / ChunkSize][node % ChunkSize];

    /// <summary>The graph's internal score (smaller is closer): the squared distance for L2 (same order, no square root),
    /// else <see cref="DistanceKernels.Score"/>.</summary>
    private float Score(ReadOnlySpan<float> query, int node, float[] scratch) => Score(query, VectorOf(node), scratch);

    private float Score(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float[] scratch) => Metric switch
    {
        VectorMetric.L2 => SquaredL2(a, b),
        VectorMetric.NegativeInnerProduct => -TensorPrimitives.Dot(a, b),
        _ => DistanceKernels.Score(Metric, a, b, scratch),
    };

    /// <summary>Σ (a−b)² with Vector512 FMA when the dimension is a multiple of 16 (128 for SIFT-like data).</summary>
    private static float SquaredL2(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (!Vector512.IsHardwareAccelerated || a.Length % Vector512<float>.Count != 0 || b.Length != a.Length)
        {
            var d = TensorPrimitives.Distance(a, b);
            return d * d;
        }

        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var acc0 = Vector512<float>.Zero;
        var acc1 = Vector512<float>.Zero;
        var i = 0;
        for (; i + (2 * Vector512<float>.Count) <= a.Length; i += 2 * Vector512<float>.Count)
        {
            var d0 = Vector512.LoadUnsafe(ref x, (nuint)i) - Vector512.LoadUnsafe(ref y, (nuint)i);
            var d1 = Vector512.LoadUnsafe(ref x, (nuint)(i + Vector512<float>.Count)) - Vector512.LoadUnsafe(ref y, (nuint)(i + Vector512<float>.Count));
            acc0 = Vector512.FusedMultiplyAdd(d0, d0, acc0);
            acc1 = Vector512.FusedMultiplyAdd(d1, d1, acc1);
        }

        if (i < a.Length)
        {
            var d = Vector512.LoadUnsafe(ref x, (nuint)i) - Vector512.LoadUnsafe(ref y, (nuint)i);
            acc0 = Vector512.FusedMultiplyAdd(d, d, acc0);
        }

        return Vector512.Sum(acc0 + acc1);
    }

    /// <summary>A node's neighbours on a layer, read without locking (see the class notes).</summary>
    private ReadOnlySpan<int> Neighbours(int node, int layer)
    {
        if (layer == 0)
        {
            var row = _layer0Chunks[node / ChunkSize].AsSpan(node % ChunkSize * Layer0Stride, Layer0Stride);
            return row.Slice(1, Math.Min(Volatile.Read(ref row[0]), Layer0Slots));
        }

        var upper = _upperChunks[node / ChunkSize][node % ChunkSize]?.Layers;
        return upper is null || layer > upper.Length ? default : Volatile.Read(ref upper[layer - 1]);
    }

    /// <summary>Replaces a node's neighbours on a layer; the caller holds the node's lock.</summary>
    private void SetNeighbours(int node, int layer, ReadOnlySpan<int> ids)
    {
        if (layer == 0)
        {
            var row = _layer0Chunks[node / ChunkSize].AsSpan(node % ChunkSize * Layer0Stride, Layer0Stride);
            var count = Math.Min(ids.Length, Layer0Slots);
            ids[..count].CopyTo(row[1..]);
            Volatile.Write(ref row[0], count);
            return;
        }

        Volatile.Write(ref _upperChunks[node / ChunkSize][node % ChunkSize]!.Layers[layer - 1], ids.ToArray());
    }

    private object LockOf(int node) => _nodeLocks[node & (LockStripes - 1)];

    /// <summary>Issues a prefetch of the first cache lines of a node's vector, so that scoring a neighbour list overlaps
    /// its memory reads (on a graph larger than the caches each neighbour is a miss).</summary>
    private unsafe void Prefetch(int node)
    {
        if (Sse.IsSupported)
        {
            ref var start = ref _vectorChunks[node / ChunkSize][node % ChunkSize * Dimensions];
            var address = (byte*)Unsafe.AsPointer(ref start); // vector chunks are pinned: the address stays valid
            Sse.Prefetch0(address);
            Sse.Prefetch0(address + 64);
        }
    }

    private void EnsureCapacity(int count)
    {
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        if (chunks <= _vectorChunks.Length)
        {
            return;
        }

        // Readers may hold the old outer arrays: the chunks themselves are shared, so both stay valid.
        var vectors = new float[chunks][];
        var labels = new long[chunks][];
        var layer0 = new int[chunks][];
        var upper = new UpperLinks?[chunks][];
        _vectorChunks.CopyTo(vectors, 0);
        _labelChunks.CopyTo(labels, 0);
        _layer0Chunks.CopyTo(layer0, 0);
        _upperChunks.CopyTo(upper, 0);
        for (var c = _vectorChunks.Length; c < chunks; c++)
        {
            vectors[c] = GC.AllocateUninitializedArray<float>(ChunkSize * Dimensions, pinned: true);
            labels[c] = new long[ChunkSize];
            layer0[c] = new int[ChunkSize * Layer0Stride];
            upper[c] = new UpperLinks?[ChunkSize];
        }

        // Chunks first, then the outer arrays: a reader that sees a new outer array finds its chunks in place.
        _upperChunks = upper;
        _layer0Chunks = layer0;
        _labelChunks = labels;
        _vectorChunks = vectors;
    }

    private void Link(int node, int level)
    {
        var work = Workspace.For(this);
        var q = VectorOf(node);
        int entry, maxLevel;
        lock (_entryLock)
        {
            entry = _entry;
            maxLevel = _maxLevel;
            if (entry < 0)
            {
                _entry = node;
                _maxLevel = level;
                return;
            }
        }

        var current = entry;
        var currentScore = Score(q, current, work.Scratch);
        for (var layer = maxLevel; layer > level; layer--)
        {
            (current, currentScore) = Greedy(q, current, currentScore, layer, work.Scratch);
        }

        work.Entries.Clear();
        work.Entries.Add((current, currentScore));
        for (var layer = Math.Min(level, maxLevel); layer >= 0; layer--)
        {
            var candidates = SearchLayer(q, work, EfConstruction, layer);
            var maxLinks = layer == 0 ? 2 * M : M;
            var neighbours = SelectNeighbours(candidates, maxLinks, work.Selected, work);
            var own = work.Ids;
            own.Clear();
            foreach (var (n, _) in neighbours)
            {
                own.Add(n);
            }

            lock (LockOf(node))
            {
                SetNeighbours(node, layer, CollectionsMarshal.AsSpan(own));
            }

            foreach (var (neighbour, score) in neighbours)
            {
                AddBackLink(neighbour, node, score, layer, maxLinks, work);
            }

            // The candidates seed the next layer down.
            work.Entries.Clear();
            work.Entries.AddRange(candidates);
        }

        if (level > maxLevel)
        {
            lock (_entryLock)
            {
                if (level > _maxLevel)
                {
                    _maxLevel = level;
                    _entry = node;
                }
            }
        }
    }

    /// <summary>Adds <paramref name="node"/> to <paramref name="neighbour"/>'s list, pruning it with the heuristic when full.</summary>
    private void AddBackLink(int neighbour, int node, float score, int layer, int maxLinks, Workspace work)
    {
        lock (LockOf(neighbour))
        {
            var old = Neighbours(neighbour, layer);
            if (old.Length < maxLinks + (maxLinks / 2))
            {
                // Lists may run half over their size before the heuristic prunes them back to maxLinks: pruning on
                // every back link recomputes O(maxLinks²) distances and dominated the build; amortised this way it
                // runs once per maxLinks/2 links, and searches see slightly richer neighbourhoods.
                if (layer == 0)
                {
                    var row = _layer0Chunks[neighbour / ChunkSize].AsSpan(neighbour % ChunkSize * Layer0Stride, Layer0Stride);
                    row[1 + old.Length] = node; // the slot first, then the count that publishes it
                    Volatile.Write(ref row[0], old.Length + 1);
                }
                else
                {
                    Volatile.Write(ref _upperChunks[neighbour / ChunkSize][neighbour % ChunkSize]!.Layers[layer - 1], [.. old, node]);
                }

                return;
            }

            var own = VectorOf(neighbour);
            var candidates = work.Pruning;
            candidates.Clear();
            candidates.Add((node, score));
            foreach (var n in old)
            {
                candidates.Add((n, Score(own, n, work.Scratch)));
            }

            candidates.Sort(static (a, b) => a.Score.CompareTo(b.Score));
            var kept = SelectNeighbours(candidates, maxLinks, work.Kept, work);
            var ids = work.Ids;
            ids.Clear();
            foreach (var (n, _) in kept)
            {
                ids.Add(n);
            }

            SetNeighbours(neighbour, layer, CollectionsMarshal.AsSpan(ids));
        }
    }

    /// <summary>
    /// The neighbour-selection heuristic: walk candidates closest first and keep one only if it is closer to the new
    /// node than to every neighbour kept so far (this keeps links pointing in different directions); fill up with the
    /// closest skipped ones when fewer than <paramref name="max"/> remain (keepPrunedConnections). The result goes to
    /// <paramref name="kept"/> (cleared first).
    /// </summary>
    private List<(int Node, float Score)> SelectNeighbours(List<(int Node, float Score)> sortedCandidates, int max,
        List<(int Node, float Score)> kept, Workspace work)
    {
        kept.Clear();
        var skipped = work.Skipped;
        skipped.Clear();
        foreach (var c in sortedCandidates)
        {
            if (kept.Count >= max)
            {
                break;
            }

            var candidate = VectorOf(c.Node);
            var good = true;
            foreach (var k in kept)
            {
                if (Score(candidate, VectorOf(k.Node), work.Scratch) < c.Score)
                {
                    good = false;
                    break;
                }
            }

            (good ? kept : skipped).Add(c);
        }

        for (var i = 0; i < skipped.Count && kept.Count < max; i++)
        {
            kept.Add(skipped[i]);
        }

        return kept;
    }

    /// <summary>Greedy walk on one layer: move to the closest neighbour until none is closer.</summary>
    private (int Node, float Score) Greedy(ReadOnlySpan<float> query, int current, float currentScore, int layer, float[] scratch)
    {
        var improved = true;
        while (improved)
        {
            improved = false;
            foreach (var n in Neighbours(current, layer))
            {
                var s = Score(query, n, scratch);
                if (s < currentScore)
                {
                    (current, currentScore) = (n, s);
                    improved = true;
                }
            }
        }

        return (current, currentScore);
    }

    /// <summary>Beam search on one layer from <see cref="Workspace.Entries"/>; returns up to <paramref name="ef"/> nodes,
    /// closest first, in <see cref="Workspace.Found"/>.</summary>
    private List<(int Node, float Score)> SearchLayer(ReadOnlySpan<float> query, Workspace work, int ef, int layer)
    {
        var stamp = work.NextStamp(Count);
        var visited = work.Visited;
        var candidates = work.Candidates; // closest first
        var results = work.Results; // farthest first
        candidates.Clear();
        results.Clear();
        foreach (var (node, score) in work.Entries)
        {
            if (node < visited.Length && visited[node] != stamp)
            {
                visited[node] = stamp;
                candidates.Enqueue(node, score);
                results.Enqueue(node, score);
            }
        }

        while (results.Count > ef)
        {
            results.Dequeue();
        }

        while (candidates.TryDequeue(out var c, out var cScore))
        {
            results.TryPeek(out _, out var worst);
            if (cScore > worst && results.Count >= ef)
            {
                break;
            }

            var links = Neighbours(c, layer);
            foreach (var n in links)
            {
                if (n < visited.Length && visited[n] != stamp)
                {
                    Prefetch(n);
                }
            }

            foreach (var n in links)
            {
                if (n >= visited.Length || visited[n] == stamp)
                {
                    continue; // visited, or linked after this search began (beyond its marks)
                }

                visited[n] = stamp;

                var s = Score(query, n, work.Scratch);
                results.TryPeek(out _, out worst);
                if (results.Count < ef || s < worst)
                {
                    candidates.Enqueue(n, s);
                    results.Enqueue(n, s);
                    if (results.Count > ef)
                    {
                        results.Dequeue();
                    }
                }
            }
        }

        var list = work.Found;
        list.Clear();
        while (results.TryDequeue(out var n, out var s))
        {
            list.Add((n, s));
        }

        list.Reverse();
        return list;
    }

    /// <summary>A node's neighbour arrays on layers 1..level (index layer − 1), each replaced whole (copy on write).</summary>
    private sealed class UpperLinks(int levels)
    {
        public int[][] Layers { get; } = [.. Enumerable.Range(0, levels).Select(static _ => Array.Empty<int>())];
    }

    /// <summary>
    /// One thread's reusable search state: visited marks (entry n equals the current stamp when node n was visited in
    /// this search, so a search neither allocates nor clears a set: the stamp moves on instead), the two heaps, and the
    /// lists an insert works through. Nothing here outlives one call into the graph.
    /// </summary>
    private sealed class Workspace
    {
        private static readonly Comparer<float> s_farthestFirst = Comparer<float>.Create(static (a, b) => b.CompareTo(a));

        private int _stamp;

        public int[] Visited { get; private set; } = [];

        public float[] Scratch { get; private set; } = [];

        public PriorityQueue<int, float> Candidates { get; } = new();

        public PriorityQueue<int, float> Results { get; } = new(s_farthestFirst);

        public List<(int Node, float Score)> Entries { get; } = [];

        public List<(int Node, float Score)> Found { get; } = [];

        public List<(int Node, float Score)> Selected { get; } = [];

        public List<(int Node, float Score)> Kept { get; } = [];

        public List<(int Node, float Score)> Skipped { get; } = [];

        public List<(int Node, float Score)> Pruning { get; } = [];

        public List<int> Ids { get; } = [];

        public static Workspace For(HnswGraph graph)
        {
            var work = t_workspace ??= new Workspace();
            if (work.Scratch.Length < graph.Dimensions)
            {
                work.Scratch = new float[graph.Dimensions];
            }

            return work;
        }

        /// <summary>A fresh stamp, with marks for at least <paramref name="count"/> nodes.</summary>
        public int NextStamp(int count)
        {
            if (Visited.Length < count)
            {
                Visited = new int[Math.Max(count * 2, ChunkSize)];
                _stamp = 0;
            }

            if (++_stamp == int.MaxValue)
            {
                Array.Clear(Visited);
                _stamp = 1;
            }

            return _stamp;
        }
    }
}
