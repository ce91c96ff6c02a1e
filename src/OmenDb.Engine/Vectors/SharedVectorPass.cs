using System.Diagnostics;
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
/// for nobody); later ones join the pending pass, which the finishing pass starts. Under a concurrent load the searches
/// of a finished pass come back together within moments, and would otherwise split into two cohorts that alternate
/// (the first to come back starting a pass alone, or the pending pass starting without them): so a pass that ends
/// makes the pending one wait for its searches too, and a search that finds no pass right after one of several searches
/// ended waits for as many, each for a short delay at most (4 ms, and at most an eighth of the last pass's duration,
/// so that a small table's passes are not held up). The work is done by the waiting
/// sessions' own threads, up to one per core, each claiming segments in turn; when fewer searches than cores wait,
/// thread-pool helpers join while the pass runs (never waited for, so a busy pool cannot delay a pass). A pass is not
/// interrupted by a cancel; its searches see the cancel when it ends (a pass over 1,000,000 × 128 floats takes tens of
/// milliseconds).
/// </para>
/// </summary>
internal sealed class SharedVectorPass
{
    private static readonly ConditionalWeakTable<object, Dictionary<(int Column, VectorMetric Metric), Group>> s_groups = new();

    /// <summary>How recently a pass of several searches must have ended for a search that finds no pass to wait for
    /// others: clients of a concurrent load resubmit within a few milliseconds of their pass's end.</summary>
    private static readonly TimeSpan s_recentPass = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest a search waits for others to join its pass: 4 ms, or an eighth of the last pass's duration if
    /// that is shorter (so a small table's passes are never delayed by more than 12%).</summary>
    private static readonly TimeSpan s_maxGatherDelay = TimeSpan.FromMilliseconds(4);

    private readonly List<Search> _searches = [];
    private int _nextSegment;
    private int _active;
    private int _segmentCount;
    private int _dims;
    private long _started;

    /// <summary>Whether <see cref="Start"/> has run.</summary>
    private volatile bool _begun;

    /// <summary>While pending with no pass running: the searches it waits for and until when (Stopwatch ticks;
    /// long.MaxValue while another pass runs, or when it need not wait).</summary>
    private int _target = 1;
    private long _deadline = long.MaxValue;

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

        SharedVectorPass pass;
        SharedVectorPass? start;
        lock (group)
        {
            if (group.Pending is null)
            {
                group.Pending = new SharedVectorPass { _group = group };
                if (group.Running is null && group.LastCount > 1 && Stopwatch.GetElapsedTime(group.LastEnd) < s_recentPass)
                {
                    // The searches of a pass that ended moments ago are coming back: gather them (see the remarks).
                    group.Pending.Gather(group.LastCount, group.GatherDelay);
                }
            }

            pass = group.Pending;
            pass._searches.Add(search);
            start = group.TakeReady();
        }

        start?.Start();
        while (true)
        {
            var deadline = Volatile.Read(ref pass._deadline);
            if (!pass._begun && deadline != long.MaxValue)
            {
                // A pass gathering searches: wait until its deadline at most, then start it if no one else has.
                var remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0)
                {
                    lock (group)
                    {
                        start = group.TakeReady(timedOut: true);
                    }

                    start?.Start();
                    if (start is null && !pass._begun)
                    {
                        Thread.Yield();
                    }

                    continue;
                }

                // Wait takes whole milliseconds: round up, or a wait under 1 ms would spin until the deadline.
                search.Signal.Wait(Math.Max(1, (int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency)));
            }
            else
            {
                search.Signal.Wait();
            }

            search.Signal.Reset();
            if (search.Done)
            {
                return;
            }

            if (search.WorkOn is { } work)
            {
                search.WorkOn = null;
                work.Work();
            }
        }
    }

    /// <summary>Makes this pending pass wait, before it starts, for <paramref name="target"/> searches or until
    /// <paramref name="delay"/> has passed. Called under the group's lock.</summary>
    private void Gather(int target, TimeSpan delay)
    {
        _target = target;
        Volatile.Write(ref _deadline, Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency));
    }

    private Group _group = null!;

    /// <summary>The queries of the kernel's dimension, packed 16 per group (<see cref="BlockDistanceKernel"/>).</summary>
    private QueryLanes _lanes = null!;

    /// <summary>Index in <see cref="_searches"/> of each kernel slot.</summary>
    private int[] _slotSearch = [];

    /// <summary>Packs the queries of the kernel's dimension, then wakes one worker per core (the searches' own threads
    /// first).</summary>
    private void Start()
    {
        _started = Stopwatch.GetTimestamp();
        _begun = true;
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

        var queries = new List<float[]>();
        var slotSearch = new List<int>();
        for (var i = 0; i < _searches.Count; i++)
        {
            var s = _searches[i];
            _segmentCount = Math.Max(_segmentCount, s.Batches.Count);
            s.KernelSlot = s.Query.Length == _dims ? queries.Count : -1;
            if (s.KernelSlot >= 0)
            {
                queries.Add(s.Query);
                slotSearch.Add(i);
            }
        }

        _lanes = QueryLanes.Pack(_searches[0].Node.Metric, queries, _dims);
        _slotSearch = [.. slotSearch];
        foreach (var s in _searches)
        {
            if (s.KernelSlot >= 0 && !_lanes.Usable[s.KernelSlot])
            {
                s.KernelSlot = -1; // a zero query under cosine: every score is NaN, scored row by row
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
        try
        {
            var worker = new Worker(this);
            int s;
            while ((s = Interlocked.Increment(ref _nextSegment) - 1) < _segmentCount)
            {
                worker.Segment(s);
            }

            for (var i = 0; i < worker.Heaps.Length; i++)
            {
                if (worker.Heaps[i] is { } heap)
                {
                    lock (_searches[i].Heaps)
                    {
                        _searches[i].Heaps.Add(heap);
                    }
                }
            }
        }
        catch (Exception e)
        {
            // A failure outside one search's scoring (the kernel, a worker's buffers) fails every search of the pass;
            // the pass still ends, so that its searches and the pending pass are released.
            foreach (var search in _searches)
            {
                search.Error ??= e;
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _active) == 0)
            {
                Finish();
            }
        }
    }

    private void Finish()
    {
        SharedVectorPass? next;
        lock (_group)
        {
            _group.LastEnd = Stopwatch.GetTimestamp();
            _group.LastCount = _searches.Count;
            _group.GatherDelay = TimeSpan.FromTicks(Math.Min(s_maxGatherDelay.Ticks, Stopwatch.GetElapsedTime(_started).Ticks / 8));
            _group.Running = null;
            if (_group.Pending is { } pending)
            {
                // This pass's searches will come back within moments: the pending ones wait for them (see the remarks).
                pending.Gather(pending._searches.Count + _searches.Count, _group.GatherDelay);
            }

            next = _group.TakeReady();
            if (next is null && _group.Pending is { } waiting)
            {
                // Wake one of the pending searches to wait until the deadline (they waited without one while this ran).
                waiting._searches[0].Signal.Set();
            }
        }

        next?.Start();

        foreach (var search in _searches)
        {
            search.Done = true;
            search.Signal.Set();
        }
    }

    private static Batch? Batch(Search search, int s) => s < search.Batches.Count ? search.Batches[s] : null;

    /// <summary>
    /// One worker's state: a bounded heap per search, and per kernel slot the threshold the kernel compares with (from
    /// the heap's worst score once it is full, +∞ before) and, for the segment being scored, the search's batch and a
    /// cursor into its selection (the kernel hands each query its rows in ascending order).
    /// </summary>
    private sealed class Worker : ICandidateSink
    {
        /// <summary>Searches of a segment from which the kernel scores them: a lane group costs one FMA per dimension and
        /// row whatever the number of its queries, about what two queries scored row by row cost.</summary>
        private const int MinKernelQueries = 3;

        private readonly SharedVectorPass _pass;
        private readonly QueryLanes _lanes;
        private readonly float[] _thresholds;
        private readonly uint[] _valid;
        private readonly Batch?[] _slotBatch;
        private readonly int[] _cursor;
        private readonly float[] _rowTerms = new float[TableSegment.Capacity];
        private readonly float[] _scratch;
        private FloatVectorColumn? _column;
        private int _segment;

        public Worker(SharedVectorPass pass)
        {
            _pass = pass;
            _lanes = pass._lanes;
            Heaps = new PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>?[pass._searches.Count];
            _thresholds = new float[_lanes.Groups * QueryLanes.Width];
            Array.Fill(_thresholds, float.PositiveInfinity);
            _valid = new uint[_lanes.Groups];
            _slotBatch = new Batch?[_lanes.Count];
            _cursor = new int[_lanes.Count];
            _scratch = new float[Math.Max(pass._dims, 1)];
        }

        /// <summary>This worker's heap per search (null where it scored no row of the search).</summary>
        public PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>?[] Heaps { get; }

        /// <summary>Scores segment <paramref name="s"/> for every search that sees rows in it: through the kernel for the
        /// searches of its dimension whose rows are in one shared column, row by row for the others (another dimension, a
        /// column of their own, or a WHERE that keeps fewer than one row in 8, where the kernel would score mostly rows the
        /// search does not see).</summary>
        public void Segment(int s)
        {
            var searches = _pass._searches;
            _segment = s;
            _column = null;
            Array.Clear(_valid);
            var rows = 0;
            var kernelSearches = 0;
            for (var i = 0; i < searches.Count; i++)
            {
                var search = searches[i];
                if (search.Error is null && search.KernelSlot >= 0 && Batch(search, s) is { } batch
                    && batch.Columns[search.Node.Column] is FloatVectorColumn { Dimensions: var d } column && d == _pass._dims
                    && (_column is null || _column == column) && batch.LiveCount * 8 >= batch.RowCount)
                {
                    _column = column;
                    rows = Math.Max(rows, batch.RowCount);
                    kernelSearches++;
                    var slot = search.KernelSlot;
                    _valid[slot / QueryLanes.Width] |= 1u << (slot % QueryLanes.Width);
                    _slotBatch[slot] = batch;
                    _cursor[slot] = 0;
                }
            }

            if (kernelSearches < MinKernelQueries)
            {
                // One or two queries: scoring row by row (dimensions in the lanes) costs less than a lane group per row.
                Array.Clear(_valid);
                _column = null;
            }

            if (_column is not null)
            {
                BlockDistanceKernel.Scan(_lanes, _column.Values.AsSpan(0, rows * _pass._dims), rows, _thresholds, _valid, _rowTerms, this);
            }

            for (var i = 0; i < searches.Count; i++)
            {
                var search = searches[i];
                if (search.Error is not null || Batch(search, s) is not { } batch)
                {
                    continue;
                }

                try
                {
                    var slot = search.KernelSlot;
                    if (slot >= 0 && (_valid[slot / QueryLanes.Width] & (1u << (slot % QueryLanes.Width))) != 0)
                    {
                        Irregular(search, i, batch);
                    }
                    else
                    {
                        search.Node.ScoreBatch(batch, s, search.Query, Heap(i), _scratch, search.Capacity);
                        if (slot >= 0)
                        {
                            UpdateThreshold(slot, i);
                        }
                    }
                }
                catch (Exception e)
                {
                    search.Error = e;
                }
            }
        }

        /// <inheritdoc/>
        public void Candidates(int row, int firstQuery, uint lanes)
        {
            var column = _column!;
            if ((column.MayHaveNulls && column.IsNull(row)) || !column.IsRegular(row))
            {
                return; // nulls rank apart; irregular rows hold zeros in the buffer and are scored by Irregular
            }

            var values = column.Row(row);
            var metric = _lanes.Metric;
            while (lanes != 0)
            {
                var slot = firstQuery + System.Numerics.BitOperations.TrailingZeroCount(lanes);
                lanes &= lanes - 1;
                if (!IsLive(slot, row))
                {
                    continue;
                }

                var i = _pass._slotSearch[slot];
                var search = _pass._searches[i];
                var score = DistanceKernels.Score(metric, search.Query, values, _scratch);
                VectorTopKNode.Offer(Heap(i), new VectorTopKNode.Candidate(score, _segment, row, 0), search.Capacity);
                UpdateThreshold(slot, i);
            }
        }

        /// <summary>Whether row <paramref name="row"/> is in the slot's batch (its snapshot and WHERE); rows come in
        /// ascending order per slot within a segment, so the cursor only moves forward.</summary>
        private bool IsLive(int slot, int row)
        {
            var batch = _slotBatch[slot]!;
            if (batch.Selection is not { } selection)
            {
                return row < batch.RowCount;
            }

            var c = _cursor[slot];
            var n = batch.SelectionCount;
            while (c < n && selection[c] < row)
            {
                c++;
            }

            _cursor[slot] = c;
            return c < n && selection[c] == row;
        }

        /// <summary>Offers the search's live irregular rows (another dimension than the column's, read one by one, which
        /// raises pgvector's error) of the segment the kernel scored.</summary>
        private void Irregular(Search search, int i, Batch batch)
        {
            var column = _column!;
            if (!column.HasIrregularRows)
            {
                return;
            }

            for (var j = 0; j < batch.LiveCount; j++)
            {
                var row = batch.RowAt(j);
                if (!column.IsNull(row) && !column.IsRegular(row))
                {
                    var score = search.Node.ScoreOne(column, row, search.Query, _scratch);
                    VectorTopKNode.Offer(Heap(i), new VectorTopKNode.Candidate(score, _segment, row, 0), search.Capacity);
                }
            }

            UpdateThreshold(search.KernelSlot, i);
        }

        private PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate> Heap(int i) =>
            Heaps[i] ??= new PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>(VectorTopKNode.CandidateOrder.Worst);

        /// <summary>Sets the slot's threshold from its search's heap: +∞ until the heap is full, then the worst score's.</summary>
        private void UpdateThreshold(int slot, int i)
        {
            var heap = Heaps[i];
            _thresholds[slot] = heap is null || heap.Count < _pass._searches[i].Capacity
                ? float.PositiveInfinity
                : _lanes.Threshold(slot, heap.Peek().Score);
        }
    }

    /// <summary>The pass a search is in, and the one waiting for it.</summary>
    private sealed class Group
    {
        public SharedVectorPass? Running;

        /// <summary>The pass searches join while another runs, or while it gathers searches (none running).</summary>
        public SharedVectorPass? Pending;

        /// <summary>When the last pass ended (Stopwatch ticks), how many searches it had, and the gathering delay its
        /// duration allows.</summary>
        public long LastEnd;
        public int LastCount;
        public TimeSpan GatherDelay;

        /// <summary>Under the lock: makes the pending pass the running one and returns it (the caller starts it) when no pass
        /// runs and it has all the searches it waits for, or its deadline has passed; else null.</summary>
        public SharedVectorPass? TakeReady(bool timedOut = false)
        {
            if (Running is not null || Pending is not { } pending
                || (pending._searches.Count < pending._target && !(timedOut && Stopwatch.GetTimestamp() >= pending._deadline)))
            {
                return null;
            }

            Running = pending;
            Pending = null;
            return pending;
        }
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
