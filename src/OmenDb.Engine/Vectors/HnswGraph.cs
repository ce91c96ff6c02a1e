namespace OmenDb.Engine.Vectors;

/// <summary>
/// A hierarchical navigable small-world graph (Malkov and Yashunin) over float32 vectors, as pgvector's hnsw access
/// method builds it: <see cref="M"/> links per node on the upper layers and 2·M on layer 0, candidates kept while
/// building (<see cref="EfConstruction"/>) and while searching (ef_search), neighbours chosen with the diversity
/// heuristic. Node levels are drawn with mL = 1/ln(M) from a seeded generator, so a single-threaded build is
/// reproducible.
/// <para>Concurrency: any number of searches run alongside any number of inserts. A node's neighbour list on a layer
/// is an immutable array replaced under that node's lock (copy on write), so readers never lock; the entry point
/// changes under <see cref="_entryLock"/>. Vectors are copied into chunks that never move once written.</para>
/// </summary>
internal sealed class HnswGraph
{
    /// <summary>Nodes per storage chunk (vectors and links); chunks are allocated as the graph grows and never copied.</summary>
    private const int ChunkSize = 4096;

    /// <summary>Per-thread visited marks: entry n equals <see cref="t_visitStamp"/> when node n was visited in the current
    /// search, so a search neither allocates nor clears a set (the stamp moves on instead).</summary>
    [ThreadStatic]
    private static int[]? t_visited;

    [ThreadStatic]
    private static int t_visitStamp;

    private readonly object _entryLock = new();
    private readonly object _growLock = new();
    private readonly double _levelMultiplier;
    private readonly Random _random;
    private float[][] _vectorChunks = [];
    private long[][] _labelChunks = [];
    private int[][][][] _linkChunks = []; // [chunk][node in chunk][layer] → neighbour ids
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
    }

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
            var links = new int[level + 1][];
            for (var l = 0; l <= level; l++)
            {
                links[l] = [];
            }

            _linkChunks[node / ChunkSize][node % ChunkSize] = links;
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

        var scratch = new float[Dimensions];
        var q = query.ToArray();
        var current = entry;
        var currentScore = Score(q, current, scratch);
        for (var layer = Volatile.Read(ref _maxLevel); layer > 0; layer--)
        {
            (current, currentScore) = Greedy(q, current, currentScore, layer, scratch);
        }

        var found = SearchLayer(q, [(current, currentScore)], Math.Max(ef, k), 0, scratch);
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

    private float Score(float[] query, int node, float[] scratch) => DistanceKernels.Score(Metric, query, VectorOf(node), scratch);

    private int[][] LinksOf(int node) => _linkChunks[node / ChunkSize][node % ChunkSize];

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
        var links = new int[chunks][][][];
        _vectorChunks.CopyTo(vectors, 0);
        _labelChunks.CopyTo(labels, 0);
        _linkChunks.CopyTo(links, 0);
        for (var c = _vectorChunks.Length; c < chunks; c++)
        {
            vectors[c] = new float[ChunkSize * Dimensions];
            labels[c] = new long[ChunkSize];
            links[c] = new int[ChunkSize][][];
        }

        _vectorChunks = vectors;
        _labelChunks = labels;
        _linkChunks = links;
    }

    private void Link(int node, int level)
    {
        var scratch = new float[Dimensions];
        var q = VectorOf(node).ToArray();
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
        var currentScore = Score(q, current, scratch);
        for (var layer = maxLevel; layer > level; layer--)
        {
            (current, currentScore) = Greedy(q, current, currentScore, layer, scratch);
        }

        List<(int Node, float Score)> entries = [(current, currentScore)];
        for (var layer = Math.Min(level, maxLevel); layer >= 0; layer--)
        {
            var candidates = SearchLayer(q, entries, EfConstruction, layer, scratch);
            var maxLinks = layer == 0 ? 2 * M : M;
            var neighbours = SelectNeighbours(candidates, maxLinks, scratch);
            var own = new int[neighbours.Count];
            for (var i = 0; i < own.Length; i++)
            {
                own[i] = neighbours[i].Node;
            }

            var ownLinks = LinksOf(node);
            lock (ownLinks)
            {
                Volatile.Write(ref ownLinks[layer], own);
            }

            foreach (var (neighbour, score) in neighbours)
            {
                AddBackLink(neighbour, node, score, layer, maxLinks, scratch);
            }

            entries = candidates;
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
    private void AddBackLink(int neighbour, int node, float score, int layer, int maxLinks, float[] scratch)
    {
        var links = LinksOf(neighbour);
        lock (links)
        {
            var old = links[layer];
            if (old.Length < maxLinks + (maxLinks / 2))
            {
                // Lists may run half over their size before the heuristic prunes them back to maxLinks: pruning on
                // every back link recomputes O(maxLinks²) distances and dominated the build; amortised this way it
                // runs once per maxLinks/2 links, and searches see slightly richer neighbourhoods.
                Volatile.Write(ref links[layer], [.. old, node]);
                return;
            }

            var own = VectorOf(neighbour).ToArray();
            var candidates = new List<(int Node, float Score)>(old.Length + 1) { (node, score) };
            foreach (var n in old)
            {
                candidates.Add((n, Score(own, n, scratch)));
            }

            candidates.Sort(static (a, b) => a.Score.CompareTo(b.Score));
            var kept = SelectNeighbours(candidates, maxLinks, scratch);
            var updated = new int[kept.Count];
            for (var i = 0; i < updated.Length; i++)
            {
                updated[i] = kept[i].Node;
            }

            Volatile.Write(ref links[layer], updated);
        }
    }

    /// <summary>
    /// The neighbour-selection heuristic: walk candidates closest first and keep one only if it is closer to the new
    /// node than to every neighbour kept so far (this keeps links pointing in different directions); fill up with the
    /// closest skipped ones when fewer than <paramref name="max"/> remain (keepPrunedConnections).
    /// </summary>
    private List<(int Node, float Score)> SelectNeighbours(List<(int Node, float Score)> sortedCandidates, int max, float[] scratch)
    {
        var kept = new List<(int Node, float Score)>(max);
        var skipped = new List<(int Node, float Score)>();
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
                if (DistanceKernels.Score(Metric, candidate, VectorOf(k.Node), scratch) < c.Score)
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
    private (int Node, float Score) Greedy(float[] query, int current, float currentScore, int layer, float[] scratch)
    {
        var improved = true;
        while (improved)
        {
            improved = false;
            var links = LinksOf(current);
            if (layer >= links.Length)
            {
                break;
            }

            foreach (var n in Volatile.Read(ref links[layer]))
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

    /// <summary>Beam search on one layer; returns up to <paramref name="ef"/> nodes, closest first.</summary>
    private List<(int Node, float Score)> SearchLayer(float[] query, List<(int Node, float Score)> entries, int ef, int layer, float[] scratch)
    {
        var visited = t_visited;
        var capacity = Count;
        if (visited is null || visited.Length < capacity)
        {
            visited = t_visited = new int[Math.Max(capacity * 2, ChunkSize)];
            t_visitStamp = 0;
        }

        var stamp = ++t_visitStamp;
        if (stamp == int.MaxValue)
        {
            Array.Clear(visited);
            stamp = t_visitStamp = 1;
        }

        var candidates = new PriorityQueue<int, float>(); // closest first
        var results = new PriorityQueue<int, float>(Comparer<float>.Create(static (a, b) => b.CompareTo(a))); // farthest first
        foreach (var (node, score) in entries)
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

            var links = LinksOf(c);
            if (layer >= links.Length)
            {
                continue;
            }

            foreach (var n in Volatile.Read(ref links[layer]))
            {
                if (n >= visited.Length || visited[n] == stamp)
                {
                    continue; // visited, or linked after this search began (beyond its marks)
                }

                visited[n] = stamp;

                var s = Score(query, n, scratch);
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

        var list = new List<(int Node, float Score)>(results.Count);
        while (results.TryDequeue(out var n, out var s))
        {
            list.Add((n, s));
        }

        list.Reverse();
        return list;
    }
}
