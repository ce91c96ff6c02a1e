using System.Runtime.CompilerServices;
using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// One pass over a table's vector buffers shared by concurrent exact searches (issue 7): searches of the same
/// table, column and metric that arrive while a pass runs wait for the next one, which then scores each segment's
/// contiguous block against all of them while it is in cache (<see cref="BlockDistanceKernel"/>). Throughput under
/// load is then bound by FMA work, not by reading 512 MB per query. Each search brings its own segments as its
/// snapshot and WHERE left them (a batch per segment, with its selection), so visibility and filters stay per query;
/// each keeps its own bounded heaps, and an error in one (pgvector's dimension mismatch) fails only that one.
/// <para>
/// Scheduling (like group commit): the first search finds no pass running and starts one at once (a lone query waits
/// for nobody); later ones join the pending pass, which the finishing pass starts. The work is done by the waiting
/// sessions' own threads, up to one per core, each claiming segments in turn; when fewer searches than cores wait,
/// thread-pool helpers join while the pass runs (never waited for, so a busy pool cannot delay a pass). A pass is not
/// interrupted by a cancel; its searches see the cancel when it ends (a pass over 1,000,000 × 128 floats takes tens of
/// milliseconds).
/// </para>
/// </summary>
internal sealed class SharedVectorPass
{
    /// <summary>Rows scored per kernel call: 256 rows × 32 queries × 4 bytes = 32 KB of scores, which stay in L1/L2.</summary>
    private const int ChunkRows = 256;

    private static readonly ConditionalWeakTable<object, Dictionary<(int Column, VectorMetric Metric), Group>> s_groups = new();

    private readonly List<Search> _searches = [];
    private int _nextSegment;
    private int _active;
    private int _segmentCount;
    private int _dims;
    private float[] _packed = [];
    private float[] _norms = [];

    /// <summary>
    /// Runs <paramref name="search"/> in a shared pass over the batches of the table <paramref name="table"/>
    /// (segment s at index s, null when the search sees nothing there), and returns when its heaps are filled.
    /// </summary>
    public static void Run(object table, Search search)
    {
        var groups = s_groups.GetOrCreateValue(table);
        Group group;
        lock (groups)
        {
            var key = (search.Node.Column, search.Node.Metric);
            if (!groups.TryGetValue(key, out group!))
            {
                group = new Group();
                groups.Add(key, group);
            }
        }

        SharedVectorPass? start = null;
        lock (group)
        {
            if (group.Running is null)
            {
                start = group.Running = new SharedVectorPass { _group = group };
                start._searches.Add(search);
            }
            else
            {
                group.Pending ??= new SharedVectorPass { _group = group };
                group.Pending._searches.Add(search);
            }
        }

        start?.Start();
        while (true)
        {
            search.Signal.Wait();
            search.Signal.Reset();
            if (search.Done)
            {
                return;
            }

            var pass = search.WorkOn!;
            search.WorkOn = null;
            pass.Work();
        }
    }

    private Group _group = null!;

    /// <summary>Packs the queries of the kernel's dimension, then wakes one worker per core (the searches' own threads
    /// first).</summary>
    private void Start()
    {
        // The kernel takes the dimension most searches have; a query of another one (pgvector's error) goes row by row.
        var counts = new Dictionary<int, int>();
        foreach (var s in _searches)
        {
            counts[s.Query.Length] = counts.GetValueOrDefault(s.Query.Length) + 1;
            if (counts[s.Query.Length] > counts.GetValueOrDefault(_dims))
            {
                _dims = s.Query.Length;
            }
        }

        var eligible = 0;
        foreach (var s in _searches)
        {
            _segmentCount = Math.Max(_segmentCount, s.Batches.Count);
            s.KernelSlot = s.Query.Length == _dims ? eligible++ : -1;
        }

        _packed = new float[eligible * _dims];
        _norms = new float[eligible];
        foreach (var s in _searches)
        {
            if (s.KernelSlot >= 0)
            {
                s.Query.CopyTo(_packed, s.KernelSlot * _dims);
                _norms[s.KernelSlot] = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(s.Query, s.Query));
            }
        }

        var workers = Math.Max(1, Environment.ProcessorCount);
        var own = Math.Min(workers, _searches.Count);
        _active = own;
        for (var w = 0; w < own; w++)
        {
            _searches[w].WorkOn = this;
            _searches[w].Signal.Set();
        }

        for (var w = own; w < workers; w++)
        {
            // Helpers are not waited for: one that runs after the searches' threads finished finds nothing to join.
            ThreadPool.UnsafeQueueUserWorkItem(static pass => pass.Help(), this, preferLocal: false);
        }
    }

    /// <summary>A thread-pool helper: joins the pass as a worker unless it has already ended.</summary>
    private void Help()
    {
        int active;
        do
        {
            active = Volatile.Read(ref _active);
            if (active == 0)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _active, active + 1, active) != active);

        Work();
    }

    /// <summary>One worker: claims segments until none is left, then hands its heaps to the searches; the last worker
    /// out starts the pending pass and releases this one's searches.</summary>
    private void Work()
    {
        var heaps = new PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>?[_searches.Count];
        var scores = new float[Math.Max(1, _norms.Length) * TableSegment.Capacity];
        var rowNorms = new float[ChunkRows];
        var scratch = new float[Math.Max(_dims, 1)];
        int s;
        while ((s = Interlocked.Increment(ref _nextSegment) - 1) < _segmentCount)
        {
            Segment(s, heaps, scores, rowNorms, scratch);
        }

        for (var i = 0; i < heaps.Length; i++)
        {
            if (heaps[i] is { } heap)
            {
                lock (_searches[i].Heaps)
                {
                    _searches[i].Heaps.Add(heap);
                }
            }
        }

        if (Interlocked.Decrement(ref _active) == 0)
        {
            Finish();
        }
    }

    private void Finish()
    {
        SharedVectorPass? next;
        lock (_group)
        {
            next = _group.Running = _group.Pending;
            _group.Pending = null;
        }

        next?.Start();
        foreach (var search in _searches)
        {
            search.Done = true;
            search.Signal.Set();
        }
    }

    /// <summary>Scores segment <paramref name="s"/> for every search that sees rows in it.</summary>
    private void Segment(int s, PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>?[] heaps, float[] scores,
        float[] rowNorms, float[] scratch)
    {
        // The block every search of the kernel's dimension scores through the kernel: normally one column object.
        FloatVectorColumn? block = null;
        var rows = 0;
        foreach (var search in _searches)
        {
            if (search.Error is null && search.KernelSlot >= 0 && Batch(search, s) is { } batch
                && batch.Columns[search.Node.Column] is FloatVectorColumn { Dimensions: var d } column && d == _dims
                && (block is null || block == column))
            {
                block = column;
                rows = Math.Max(rows, batch.RowCount);
            }
        }

        if (block is not null)
        {
            var stride = TableSegment.Capacity;
            for (var from = 0; from < rows; from += ChunkRows)
            {
                var n = Math.Min(ChunkRows, rows - from);
                BlockDistanceKernel.Score(_searches[0].Node.Metric, _packed, _norms, _dims, block.Values.AsSpan(from * _dims, n * _dims), n,
                    scores.AsSpan(from), stride, rowNorms, scratch);
            }
        }

        for (var i = 0; i < _searches.Count; i++)
        {
            var search = _searches[i];
            if (search.Error is not null || Batch(search, s) is not { } batch)
            {
                continue;
            }

            var heap = heaps[i] ??= new PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>(VectorTopKNode.CandidateOrder.Worst);
            try
            {
                if (block is not null && search.KernelSlot >= 0 && batch.Columns[search.Node.Column] == block)
                {
                    Collect(search, batch, s, block, scores.AsSpan(search.KernelSlot * TableSegment.Capacity), heap, scratch);
                }
                else
                {
                    search.Node.ScoreBatch(batch, s, search.Query, heap, scratch, search.Capacity);
                }
            }
            catch (Exception e)
            {
                search.Error = e;
            }
        }
    }

    private static Batch? Batch(Search search, int s) => s < search.Batches.Count ? search.Batches[s] : null;

    /// <summary>Offers the search's live rows of the segment to its heap, with the kernel's scores.</summary>
    private static void Collect(Search search, Batch batch, int s, FloatVectorColumn column, ReadOnlySpan<float> scores,
        PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate> heap, float[] scratch)
    {
        var nulls = column.MayHaveNulls;
        var n = batch.LiveCount;
        for (var i = 0; i < n; i++)
        {
            var row = batch.RowAt(i);
            if (nulls && column.IsNull(row))
            {
                continue;
            }

            var score = column.IsRegular(row) ? scores[row] : search.Node.ScoreOne(column, row, search.Query, scratch);
            VectorTopKNode.Offer(heap, new VectorTopKNode.Candidate(score, s, row, 0), search.Capacity);
        }
    }

    /// <summary>The pass a search is in, and the one waiting for it.</summary>
    private sealed class Group
    {
        public SharedVectorPass? Running;
        public SharedVectorPass? Pending;
    }

    /// <summary>One exact search waiting for, or taking part in, a pass.</summary>
    internal sealed class Search(VectorTopKNode node, float[] query, IReadOnlyList<Batch?> batches, int capacity) : IDisposable
    {
        public VectorTopKNode Node { get; } = node;

        public float[] Query { get; } = query;

        /// <summary>The search's batch of each segment (its snapshot's rows that pass its WHERE), null where none.</summary>
        public IReadOnlyList<Batch?> Batches { get; } = batches;

        /// <summary>k plus the re-ranking margin.</summary>
        public int Capacity { get; } = capacity;

        /// <summary>One bounded heap per worker that scored rows for this search.</summary>
        public List<PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>> Heaps { get; } = [];

        /// <summary>The first error scoring this search's rows raised (rethrown on its own thread).</summary>
        public Exception? Error { get; set; }

        internal ManualResetEventSlim Signal { get; } = new(false);

        internal volatile bool Done;

        internal volatile SharedVectorPass? WorkOn;

        /// <summary>This search's row in the pass's packed queries, or -1 when its dimension differs from the kernel's.</summary>
        internal int KernelSlot;

        /// <inheritdoc/>
        public void Dispose() => Signal.Dispose();
    }
}
