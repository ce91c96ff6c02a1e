using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// A hierarchical navigable small-world graph (Malkov and Yashunin) over float32 vectors, as pgvector's hnsw access
/// method builds it: <see cref="M"/> links per node on the upper layers and 2·M on layer 0, candidates kept while
/// building (<see cref="EfConstruction"/>) and while searching (ef_search), neighbours chosen with the diversity
/// heuristic and its "keep pruned connections" fill-up.
/// <para>Determinism: the graph is a function of the labelled vectors and their order, whatever the number of threads.
/// A node's level comes from a hash of its label (mL = 1/ln M), and nodes are linked in batches of
/// <see cref="BatchSize"/>: every node of a batch searches the graph as it stood before the batch (which nothing changes
/// meanwhile) and compares itself exactly with the batch's earlier nodes, so it sees at least what a serial insertion
/// would; then the reverse links are added in node order, each target's list by one thread. A parallel build therefore
/// neither loses links to races nor depends on thread interleaving, and a rebuild reproduces the graph.</para>
/// <para>Storage: vectors, labels and layer-0 links live in chunks that never move once allocated. Layer 0 (every node,
/// and where a build spends its time) is one flat int[] per chunk with a fixed row per node: a count and
/// <see cref="Layer0Slots"/> neighbour ids, so linking allocates nothing. The few nodes above layer 0 (1 in M) keep an
/// array per upper layer, replaced copy-on-write.</para>
/// <para>Concurrency: one writer at a time (<see cref="Append"/>, <see cref="LinkPending"/>: the owning
/// <see cref="HnswIndex"/> holds its sync lock) and any number of searches alongside. Readers never lock: a layer-0 row is
/// read as its count then its ids, and every id ever written there is a node that exists, so a reader racing the writer
/// sees an old or a new neighbourhood (or a mix), never garbage.</para>
/// </summary>
internal sealed partial class HnswGraph
{
    /// <summary>Nodes per storage chunk (vectors and links); chunks are allocated as the graph grows and never copied.</summary>
    private const int ChunkSize = 4096;

    /// <summary>Nodes linked per batch: large enough to keep every core busy between the two phases, small enough that
    /// the exact comparison with the batch's earlier nodes (on average BatchSize/2 distances per node, against a few
    /// thousand for the graph search) stays cheap.</summary>
    private const int BatchSize = 256;

    /// <summary>Vectors requested ahead of the one being scored in a search: at about 15 ns per 128-dimension distance,
    /// four ahead give a miss some 60 ns to arrive, and 4 × 8 lines stay within the 48 reads a core keeps in flight.</summary>
    private const int PrefetchAhead = 4;

    /// <summary>Batches smaller than this (single-row inserts) are linked on the calling thread.</summary>
    private const int ParallelMin = 32;

    /// <summary>Reverse-link work is split by target node modulo this (a constant, so the result does not depend on the
    /// core count).</summary>
    private const int BackLinkPartitions = 16;

    /// <summary>The order of every scored candidate list: closest first, ties by node, so that equal scores cannot make
    /// the graph depend on the order the candidates were found in.</summary>
    private static readonly Comparison<(int Node, float Score)> ByScoreThenNode
        = static (a, b) => a.Score.CompareTo(b.Score) is var c and not 0 ? c : a.Node.CompareTo(b.Node);

    /// <summary>The per-thread search state (visited marks, heaps, lists), reused by every search and insert.</summary>
    [ThreadStatic]
    private static Workspace? t_workspace;

    private readonly double _levelMultiplier;
    private readonly ulong _seed;
    private float[][] _vectorChunks = [];
    private long[][] _labelChunks = [];
    private int[][] _layer0Chunks = []; // [chunk][node in chunk · Layer0Stride] = count, then Layer0Slots ids
    private UpperLinks?[][] _upperChunks = []; // [chunk][node in chunk] → ids per layer 1..level (null at level 0)
    private int _count;
    private int _linked;
    private EntryPoint? _entry;

    /// <summary>Creates an empty graph; <paramref name="seed"/> perturbs the level hash.</summary>
    public HnswGraph(int dimensions, VectorMetric metric, int m = 16, int efConstruction = 64, int seed = 42)
    {
        Dimensions = dimensions;
        Metric = metric;
        M = m;
        EfConstruction = efConstruction;
        _levelMultiplier = 1 / Math.Log(Math.Max(2, m));
        _seed = (ulong)seed;
        Layer0Slots = 3 * m;
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

    /// <summary>Whether searches walk the compact copy when the graph has one (on by default; off to measure the float32
    /// walk against it).</summary>
    public bool WalksCompact { get; set; } = true;

    /// <summary>Nodes appended so far (linked or waiting for <see cref="LinkPending"/>).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Appends a vector and links it at once (tests, small inserts). Not for concurrent writers.</summary>
    public int Add(ReadOnlySpan<float> vector, long label)
    {
        var node = Append(vector, label);
        LinkPending();
        return node;
    }

    /// <summary>Stores a vector under a caller-chosen label (a row id) and returns its node id; it joins the graph at the
    /// next <see cref="LinkPending"/>, which may renumber a bulk of pending nodes (<see cref="OrderPending"/>). One writer
    /// at a time.</summary>
    public int Append(ReadOnlySpan<float> vector, long label)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"expected {Dimensions} dimensions, not {vector.Length}", nameof(vector));
        }

        return Store(vector, label, LevelOfLabel(label));
    }

    /// <summary>Stores a node's vector, label and level (its links empty) and publishes it.</summary>
    private int Store(ReadOnlySpan<float> vector, long label, int level)
    {
        var node = _count;
        EnsureCapacity(node + 1);
        vector.CopyTo(_vectorChunks[node / ChunkSize].AsSpan(node % ChunkSize * Dimensions, Dimensions));
        StoreCompact(node, vector);
        _labelChunks[node / ChunkSize][node % ChunkSize] = label;
        if (level > 0)
        {
            _upperChunks[node / ChunkSize][node % ChunkSize] = new UpperLinks(level);
        }

        Volatile.Write(ref _count, node + 1);
        return node;
    }

    /// <summary>
    /// Links every appended node, batch by batch (on all cores from <see cref="ParallelMin"/> nodes; a bulk of them in the
    /// order of <see cref="OrderPending"/>, which renumbers them); calls
    /// <paramref name="progress"/> with the nodes of each finished batch and stops between batches when
    /// <paramref name="cancelled"/> says so (false then). One writer at a time.
    /// </summary>
    public bool LinkPending(Func<bool>? cancelled = null, Action<int>? progress = null)
    {
        OrderPending();
        while (_linked < _count)
        {
            if (cancelled?.Invoke() == true)
            {
                return false;
            }

            var start = _linked;
            var end = Math.Min(_count, start + BatchSize);
            LinkBatch(start, end);
            Volatile.Write(ref _linked, end); // a concurrent graph write stores up to here
            progress?.Invoke(end - start);
        }

        return true;
    }

    /// <summary>
    /// The labels of the approximate <paramref name="k"/> nearest nodes to <paramref name="query"/> (closest first) with
    /// their kernel scores, exploring <paramref name="ef"/> candidates on layer 0. Labels for which
    /// <paramref name="accept"/> returns false (deleted or filtered rows) still guide the walk but are not returned.
    /// <para>The walk reads the compact copy when there is one (<see cref="WalksCompact"/>): a third of the memory per node
    /// scored, and a search at 1M nodes is bound by those misses. The ef candidates it finds are then scored on the float32
    /// vectors and ranked by that score; a caller that ranks them itself (<paramref name="rescore"/> false, the index
    /// scan, which computes the exact distances of the rows) gets them in the walk's order with the walk's scores.</para>
    /// </summary>
    public List<(long Label, float Score)> Search(ReadOnlySpan<float> query, int k, int ef, Func<long, bool>? accept = null,
        bool rescore = true)
    {
        if (Volatile.Read(ref _entry) is not { } entry)
        {
            return [];
        }

        var work = Workspace.For(this);
        var compact = WalksCompact && _walksCompactCopy;
        var current = entry.Node;
        var currentScore = compact ? CompactScore(query, current) : Score(query, current, work.Scratch);
        for (var layer = entry.Level; layer > 0; layer--)
        {
            (current, currentScore) = Greedy(query, current, currentScore, layer, work.Scratch, compact);
        }

        work.Entries.Clear();
        work.Entries.Add((current, currentScore));
        var found = SearchLayer(query, work, Math.Max(ef, k), 0, compact);
        if (compact && rescore)
        {
            work.Exact.Clear();
            Rescore(query, found, work.Exact, work);
            found = work.Exact;
        }

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

    /// <summary>The level a label's node gets: −ln(u)·mL with u uniform in (0, 1] from a SplitMix64 hash of the label
    /// and the seed, so that it does not depend on insertion order or threads.</summary>
    private int LevelOfLabel(long label)
    {
        var z = (ulong)label + ((_seed + 1) * 0x9E3779B97F4A7C15);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        var u = ((z >> 11) + 1) * (1.0 / (1UL << 53));
        return (int)(-Math.Log(u) * _levelMultiplier);
    }

    private int LevelOf(int node) => _upperChunks[node / ChunkSize][node % ChunkSize]?.Layers.Length ?? 0;

    /// <summary>The graph's score (smaller is closer): <see cref="DistanceKernels.Score"/>.</summary>
    private float Score(ReadOnlySpan<float> query, int node, float[] scratch) => DistanceKernels.Score(Metric, query, VectorOf(node), scratch);

    /// <summary>Scores <paramref name="nodes"/> into <paramref name="scores"/>, each vector requested
    /// <see cref="PrefetchAhead"/> places before it is scored (see <see cref="SearchLayer"/>); with
    /// <paramref name="compact"/> on the compact copy (<see cref="ScoreCompact"/>).</summary>
    private void ScoreNodes(ReadOnlySpan<float> query, ReadOnlySpan<int> nodes, Span<float> scores, float[] scratch, bool compact)
    {
        if (compact)
        {
            ScoreCompact(query, nodes, scores);
            return;
        }

        for (var i = 0; i < nodes.Length && i < PrefetchAhead; i++)
        {
            PrefetchVector(nodes[i]);
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            if (i + PrefetchAhead < nodes.Length)
            {
                PrefetchVector(nodes[i + PrefetchAhead]);
            }

            scores[i] = Score(query, nodes[i], scratch);
        }
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

    /// <summary>Replaces a node's neighbours on a layer (the writer only).</summary>
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

    /// <summary>Requests the cache lines of a node's vector (chunks are pinned, so its address stays valid).</summary>
    private unsafe void PrefetchVector(int node)
    {
        if (Sse.IsSupported)
        {
            var start = (byte*)Unsafe.AsPointer(ref _vectorChunks[node / ChunkSize][node % ChunkSize * Dimensions]);
            var last = start + (Dimensions * sizeof(float)) - 1;
            for (var line = start; line <= last; line += 64)
            {
                Sse.Prefetch0(line);
            }

            Sse.Prefetch0(last); // the line the vector ends in, when it does not start on a line boundary
        }
    }

    /// <summary>Requests the cache lines of a node's layer-0 neighbour list (chunks are pinned too).</summary>
    private unsafe void PrefetchLinks(int node, int layer)
    {
        if (Sse.IsSupported && layer == 0)
        {
            var row = (byte*)Unsafe.AsPointer(ref _layer0Chunks[node / ChunkSize][node % ChunkSize * Layer0Stride]);
            Sse.Prefetch0(row);
            Sse.Prefetch0(row + 64);
            Sse.Prefetch0(row + 128);
            Sse.Prefetch0(row + (Layer0Stride * sizeof(int)) - 1);
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
        var compact = new byte[chunks][];
        _vectorChunks.CopyTo(vectors, 0);
        _compactChunks.CopyTo(compact, 0);
        _labelChunks.CopyTo(labels, 0);
        _layer0Chunks.CopyTo(layer0, 0);
        _upperChunks.CopyTo(upper, 0);
        for (var c = _vectorChunks.Length; c < chunks; c++)
        {
            vectors[c] = GC.AllocateUninitializedArray<float>(ChunkSize * Dimensions, pinned: true);
            labels[c] = new long[ChunkSize];
            layer0[c] = GC.AllocateArray<int>(ChunkSize * Layer0Stride, pinned: true);
            upper[c] = new UpperLinks?[ChunkSize];
            compact[c] = UsesCompact ? GC.AllocateUninitializedArray<byte>(ChunkSize * CompactStride, pinned: true) : [];
        }

        // Chunks first, then the outer arrays: a reader that sees a new outer array finds its chunks in place.
        _upperChunks = upper;
        _compactChunks = compact;
        _layer0Chunks = layer0;
        _labelChunks = labels;
        _vectorChunks = vectors;
    }

    /// <summary>
    /// Links nodes [<paramref name="start"/>, <paramref name="end"/>): first each node chooses its neighbours against
    /// the graph of the nodes before <paramref name="start"/> (frozen for the batch) and the batch's earlier nodes, then
    /// the reverse links are added in node order, partitioned by target; last the entry point moves to the first node
    /// that rose above the top level.
    /// </summary>
    private void LinkBatch(int start, int end)
    {
        var count = end - start;
        var chosen = new int[count][][];
        var entry = _entry;
        var compact = CheckCompactWalk();
        if (count >= ParallelMin)
        {
            Parallel.For(0, count, b => chosen[b] = ChooseNeighbours(start + b, start, entry, compact));
            Parallel.For(0, BackLinkPartitions, p => AddBackLinks(chosen, start, p));
        }
        else
        {
            for (var b = 0; b < count; b++)
            {
                chosen[b] = ChooseNeighbours(start + b, start, entry, compact);
            }

            AddBackLinks(chosen, start, -1);
        }

        for (var node = start; node < end; node++)
        {
            var level = LevelOf(node);
            if (entry is null || level > entry.Level)
            {
                entry = new EntryPoint(node, level);
            }
        }

        Volatile.Write(ref _entry, entry);
    }

    /// <summary>Phase one for one node: its neighbours on each of its layers (index = layer), also stored as its links.</summary>
    private int[][] ChooseNeighbours(int node, int batchStart, EntryPoint? entry, bool compact)
    {
        var work = Workspace.For(this);
        var q = VectorOf(node);
        var level = LevelOf(node);
        var chosen = new int[level + 1][];

        // The batch's earlier nodes, scored exactly once for all layers.
        var peers = work.Peers;
        peers.Clear();
        for (var p = batchStart; p < node; p++)
        {
            peers.Add((p, Score(q, p, work.Scratch)));
        }

        work.Entries.Clear();
        var top = entry?.Level ?? -1;
        if (entry is not null)
        {
            var current = entry.Node;
            var currentScore = compact ? CompactScore(q, current) : Score(q, current, work.Scratch);
            for (var layer = top; layer > level; layer--)
            {
                (current, currentScore) = Greedy(q, current, currentScore, layer, work.Scratch, compact);
            }

            work.Entries.Add((current, currentScore));
        }

        for (var layer = level; layer >= 0; layer--)
        {
            var found = work.Exact;
            found.Clear();
            if (layer <= top)
            {
                var approximate = SearchLayer(q, work, EfConstruction, layer, compact);
                work.Entries.Clear();
                work.Entries.AddRange(approximate); // the candidates seed the next layer down (compact scores)
                if (compact)
                {
                    Rescore(q, approximate, found, work);
                }
                else
                {
                    found.AddRange(approximate); // already exact, closest first
                }
            }

            // Peers on this layer that could make the EfConstruction closest, closest first, then merged with the
            // search's candidates (already closest first): on a grown graph few peers pass the bound.
            var bound = found.Count >= EfConstruction ? found[^1].Score : float.PositiveInfinity;
            var picked = work.Picked;
            picked.Clear();
            foreach (var peer in peers)
            {
                if (peer.Score < bound && LevelOf(peer.Node) >= layer)
                {
                    picked.Add(peer);
                }
            }

            picked.Sort(ByScoreThenNode);
            var candidates = work.Merged;
            candidates.Clear();
            for (int f = 0, p = 0; candidates.Count < EfConstruction && (f < found.Count || p < picked.Count);)
            {
                candidates.Add(p == picked.Count || (f < found.Count && found[f].Score <= picked[p].Score) ? found[f++] : picked[p++]);
            }

            var selected = SelectNeighbours(candidates, layer == 0 ? 2 * M : M, work.Selected, work);
            var ids = new int[selected.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = selected[i].Node;
            }

            chosen[layer] = ids;
            SetNeighbours(node, layer, ids); // no other node links here before phase two, so no reader finds it yet
        }

        return chosen;
    }

    /// <summary>The nodes of <paramref name="approximate"/> (found on the compact copy) with their exact scores into
    /// <paramref name="exact"/>, closest first (ties by node, so the order does not depend on the compact scores).</summary>
    private void Rescore(ReadOnlySpan<float> q, List<(int Node, float Score)> approximate, List<(int Node, float Score)> exact, Workspace work)
    {
        var nodes = work.FreshFor(approximate.Count);
        for (var i = 0; i < approximate.Count; i++)
        {
            nodes[i] = approximate[i].Node;
        }

        var scores = work.ScoresFor(approximate.Count);
        ScoreNodes(q, nodes.AsSpan(0, approximate.Count), scores, work.Scratch, compact: false);
        for (var i = 0; i < approximate.Count; i++)
        {
            exact.Add((nodes[i], scores[i]));
        }

        exact.Sort(ByScoreThenNode);
    }

    /// <summary>Phase two: the reverse links of the batch's choices whose target falls in <paramref name="partition"/>
    /// (−1: all), in node order, so each target's list evolves as in a serial build.</summary>
    private void AddBackLinks(int[][][] chosen, int start, int partition)
    {
        var work = Workspace.For(this);
        for (var b = 0; b < chosen.Length; b++)
        {
            var layers = chosen[b];
            for (var layer = 0; layer < layers.Length; layer++)
            {
                foreach (var target in layers[layer])
                {
                    if (partition < 0 || target % BackLinkPartitions == partition)
                    {
                        AddBackLink(target, start + b, layer, layer == 0 ? 2 * M : M, work);
                    }
                }
            }
        }
    }

    /// <summary>Adds <paramref name="node"/> to <paramref name="neighbour"/>'s list, pruning it with the heuristic when full.</summary>
    private void AddBackLink(int neighbour, int node, int layer, int maxLinks, Workspace work)
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
        var nodes = work.FreshFor(old.Length + 1);
        nodes[0] = node;
        old.CopyTo(nodes.AsSpan(1));
        var scores = work.ScoresFor(old.Length + 1);
        ScoreNodes(own, nodes.AsSpan(0, old.Length + 1), scores, work.Scratch, compact: false); // the old neighbours' vectors are misses on a large graph
        var candidates = work.Pruning;
        candidates.Clear();
        for (var i = 0; i <= old.Length; i++)
        {
            candidates.Add((nodes[i], scores[i]));
        }

        candidates.Sort(ByScoreThenNode);
        var kept = SelectNeighbours(candidates, maxLinks, work.Kept, work);
        var ids = work.Ids;
        ids.Clear();
        foreach (var (n, _) in kept)
        {
            ids.Add(n);
        }

        SetNeighbours(neighbour, layer, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids));
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
                if (Score(candidate, k.Node, work.Scratch) < c.Score)
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
    private (int Node, float Score) Greedy(ReadOnlySpan<float> query, int current, float currentScore, int layer, float[] scratch, bool compact)
    {
        var improved = true;
        while (improved)
        {
            improved = false;
            foreach (var n in Neighbours(current, layer))
            {
                var s = compact ? CompactScore(query, n) : Score(query, n, scratch);
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
    /// closest first, in <see cref="Workspace.Found"/>.
    /// <para>On a graph larger than the caches every neighbour is a miss (its vector 8 cache lines at 128 dimensions), so
    /// an expansion first gathers the unvisited neighbours, then scores them in order with the vectors
    /// <see cref="PrefetchAhead"/> places ahead already requested, and requests the next candidate's neighbour list
    /// before scoring; the memory reads of a list overlap its arithmetic instead of following it.</para></summary>
    private List<(int Node, float Score)> SearchLayer(ReadOnlySpan<float> query, Workspace work, int ef, int layer, bool compact)
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
                candidates.Push(node, score);
                results.Push(node, score);
            }
        }

        while (results.Count > ef)
        {
            results.Pop();
        }

        while (candidates.Count > 0)
        {
            var (cScore, c) = candidates.Pop();
            if (results.Count >= ef && cScore > results.TopScore)
            {
                break;
            }

            var links = Neighbours(c, layer);
            var fresh = work.FreshFor(links.Length);
            var count = 0;
            foreach (var n in links)
            {
                if (n < visited.Length && visited[n] != stamp)
                {
                    visited[n] = stamp; // nodes beyond the marks were linked after this search began: skipped
                    fresh[count++] = n;
                }
            }

            if (candidates.Count > 0)
            {
                PrefetchLinks(candidates.TopNode, layer);
            }

            var scores = work.ScoresFor(count);
            ScoreNodes(query, fresh.AsSpan(0, count), scores, work.Scratch, compact);
            for (var i = 0; i < count; i++)
            {
                var s = scores[i];
                if (results.Count < ef || s < results.TopScore)
                {
                    var n = fresh[i];
                    candidates.Push(n, s);
                    results.Push(n, s);
                    if (results.Count > ef)
                    {
                        results.Pop();
                    }
                }
            }
        }

        var list = work.Found;
        list.Clear();
        while (results.Count > 0)
        {
            var (s, n) = results.Pop();
            list.Add((n, s));
        }

        list.Reverse();
        return list;
    }

    /// <summary>Where searches start: the first node that reached the top level, published as one object.</summary>
    private sealed record EntryPoint(int Node, int Level);

    /// <summary>A node's neighbour arrays on layers 1..level (index layer − 1), each replaced whole (copy on write).</summary>
    private sealed class UpperLinks(int levels)
    {
        public int[][] Layers { get; } = [.. Enumerable.Range(0, levels).Select(static _ => Array.Empty<int>())];
    }
}
