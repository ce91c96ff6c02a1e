using System.Runtime.CompilerServices;
using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// A rolling pass over a table's vector buffers shared by concurrent exact searches (issue 7): searches of the same
/// table, column and metric join it whenever they arrive, and each segment's contiguous block is scored against all the
/// searches that still need it while it is in cache (<see cref="BlockDistanceKernel"/>). Throughput under load is then
/// bound by FMA work, not by reading 512 MB per query. Each search brings its own segments as its snapshot and WHERE
/// left them (a batch per segment, with its selection), so visibility and filters stay per query; each keeps its own
/// bounded heaps, and an error in one (pgvector's dimension mismatch) fails only that one.
/// <para>
/// Scheduling: the pass is a cursor that goes round the segments for as long as some search needs one. A search that
/// arrives while the cursor is at segment s joins at once: it is scored from s on, wraps around and ends when the cursor
/// has brought it every segment it sees (a bit per segment records which it has had), so no search waits for a pass to
/// end and the kernel's lanes stay as full as the load allows. A lone search starts the cursor itself. Each search holds
/// a query slot in the kernel's lanes (<see cref="QueryLanes"/>) while it is in the pass, and leaves as soon as its last
/// segment is scored. The work is done by the waiting sessions' own threads, up to one per core, each claiming the
/// cursor's next segment in turn: a thread whose own search is done hands its place to the thread of a search that
/// still waits, so that it can return its rows at once; when fewer searches than cores wait, thread-pool helpers join
/// (never waited for, so a busy pool cannot delay a search).
/// </para>
/// <para>
/// Interrupts: at every claim of a segment the pass drops the searches whose session has a cancel or statement_timeout
/// pending (<see cref="Sessions.Session.InterruptPending"/>) or whose scoring failed: their segments not handed out yet
/// are never scored, so such a search ends once the segments already handed out for it are scored (one segment per
/// worker, a fraction of a millisecond) and its thread raises the error, while the others go on unchanged.
/// </para>
/// </summary>
internal sealed class SharedVectorPass
{
    private static readonly ConditionalWeakTable<object, Dictionary<(int Column, VectorMetric Metric), SharedVectorPass>> s_passes = new();

    /// <summary>Serialises <see cref="ReservePoolThreads"/> and <see cref="ReleasePoolThreads"/>.</summary>
    private static readonly object s_poolLock = new();

    /// <summary>The thread pool's minimum of worker threads as <see cref="ReservePoolThreads"/> last left it.</summary>
    private static int s_poolMinimum;

    /// <summary>The thread pool's minimum before the first raise (restored when no search is left), -1 while not raised.</summary>
    private static int s_poolBase = -1;

    /// <summary>Searches in the passes of every table (joined, not completed yet).</summary>
    private static int s_searching;

    /// <summary>Query slots of a new pass's lanes: two groups of 16 (grown by doubling when more searches are in).</summary>
    private const int InitialSlots = 2 * QueryLanes.Width;

    private readonly object _lock = new();
    private readonly VectorMetric _metric;
    private readonly int _maxWorkers = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The searches in the pass (joined, not all their segments scored yet). Under the lock.</summary>
    private readonly List<Search> _searches = [];

    /// <summary>Each worker place's state (heaps are kept per place), and whether a thread holds the place.</summary>
    private readonly Worker?[] _workers;
    private readonly bool[] _busy;

    /// <summary>The next segment the cursor hands out, the number of segments it goes round (the largest of its searches'),
    /// and how many segments the searches in the pass have not been handed yet.</summary>
    private int _cursor;
    private int _segmentCount;
    private int _unclaimed;

    /// <summary>The kernel's query slots (of the dimension of the searches in it) and the search in each slot.</summary>
    private QueryLanes? _lanes;
    private Search?[] _slots = [];
    private int _slotsInUse;

    private SharedVectorPass(VectorMetric metric)
    {
        _metric = metric;
        _workers = new Worker?[_maxWorkers];
        _busy = new bool[_maxWorkers];
    }

    /// <summary>Test hook: called by a worker after it scored a segment (with its index and the searches it was scored
    /// for), outside the pass's lock and before the segment counts as done for its searches (so none of them can end
    /// meanwhile).</summary>
    internal Action<int, IReadOnlyList<Search>>? SegmentScored { get; set; }

    /// <summary>Searches that have joined the pass so far (for tests).</summary>
    internal int Joined => Volatile.Read(ref _joined);

    private int _joined;

    /// <summary>The pass of column <paramref name="column"/> of <paramref name="table"/> under <paramref name="metric"/>.</summary>
    internal static SharedVectorPass For(object table, int column, VectorMetric metric)
    {
        var passes = s_passes.GetOrCreateValue(table);
        lock (passes)
        {
            if (!passes.TryGetValue((column, metric), out var pass))
            {
                pass = new SharedVectorPass(metric);
                passes.Add((column, metric), pass);
            }

            return pass;
        }
    }

    /// <summary>
    /// Runs <paramref name="search"/> in the shared pass over the batches of the table <paramref name="table"/>
    /// (segment s at index s, null when the search sees nothing there), and returns when its heaps are filled.
    /// </summary>
    public static void Run(object table, Search search) => For(table, search.Node.Column, search.Node.Metric).Run(search);

    private void Run(Search search)
    {
        int place;
        int helpers;
        lock (_lock)
        {
            if (!Join(search))
            {
                return; // no segment to score
            }

            place = TakePlace();
            search.Working = place >= 0;
            helpers = Math.Min(_maxWorkers - Working(), _unclaimed - 1);
        }

        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            ReservePoolThreads(Volatile.Read(ref s_searching));
        }

        for (var h = 0; h < helpers; h++)
        {
            // Helpers are not waited for: one that runs after the work is handed out finds nothing to do.
            ThreadPool.UnsafeQueueUserWorkItem(static pass => pass.Help(), this, preferLocal: false);
        }

        if (place >= 0)
        {
            Work(place, search);
        }

        while (true)
        {
            // A place handed over is taken up even when the search is done meanwhile (Work then passes it on or frees
            // it): dropped, it would stay busy for good, and once every place leaked every later search would wait forever.
            int handed;
            bool done;
            lock (_lock)
            {
                (handed, done) = (search.WorkOn, search.Done);
                search.WorkOn = -1;
            }

            if (handed >= 0)
            {
                Work(handed, search);
                continue;
            }

            if (done)
            {
                return;
            }

            search.Signal.Wait();
            search.Signal.Reset(); // what a Set between Wait and Reset announced is read under the lock above
        }
    }

    /// <summary>
    /// Keeps the thread pool's minimum at <paramref name="blocked"/> threads (the searches in the passes, whose threads may
    /// wait in them) plus two per core, raising it while searches come in (<see cref="ReleasePoolThreads"/> restores it
    /// once none is left). A server runs each connection's statements on pool threads: 32
    /// sessions waiting here hold 32 of them, and below its minimum the pool adds a thread only every half second or so
    /// when it sees no progress, so a burst of concurrent searches left the wire's reads and the pass's helpers queued
    /// for seconds (the first rounds of 8 and 32 clients ran at a third of the later rounds' rate).
    /// </summary>
    private static void ReservePoolThreads(int blocked)
    {
        var wanted = blocked + (2 * Environment.ProcessorCount);
        if (wanted <= Volatile.Read(ref s_poolMinimum))
        {
            return;
        }

        lock (s_poolLock)
        {
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.GetMaxThreads(out var maxWorkers, out _);
            wanted = Math.Min(wanted, maxWorkers);
            if (wanted > workers)
            {
                var before = workers;
                if (ThreadPool.SetMinThreads(wanted, io))
                {
                    s_poolBase = s_poolBase < 0 ? before : s_poolBase;
                    workers = wanted;
                }
            }

            Volatile.Write(ref s_poolMinimum, Math.Max(s_poolMinimum, workers));
        }
    }

    /// <summary>
    /// Once no search is left in any pass, puts the thread pool's minimum back where it was before the first raise, so a
    /// burst of searches does not leave the pool free to start hundreds of threads on two cores for every later burst of
    /// other work. Only a minimum this class set is lowered: one that someone else changed since is left alone. (Lowering
    /// ends no thread; idle ones retire on the pool's own schedule, so a search arriving next finds them.)
    /// </summary>
    private static void ReleasePoolThreads()
    {
        lock (s_poolLock)
        {
            if (s_poolBase < 0)
            {
                return;
            }

            // Clear the fast path's figure first, then look for searches: a search that joined meanwhile either is seen
            // here (and nothing is lowered) or sees 0 and waits for this lock to raise the minimum again.
            var minimum = s_poolMinimum;
            Volatile.Write(ref s_poolMinimum, 0);
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref s_searching) != 0)
            {
                Volatile.Write(ref s_poolMinimum, minimum);
                return;
            }

            ThreadPool.GetMinThreads(out var workers, out var io);
            if (workers == minimum)
            {
                ThreadPool.SetMinThreads(s_poolBase, io);
            }

            s_poolBase = -1;
        }
    }

    /// <summary>A thread-pool helper: works while there are segments to hand out and a free place.</summary>
    private void Help()
    {
        int place;
        lock (_lock)
        {
            if (_unclaimed == 0 || (place = TakePlace()) < 0)
            {
                return;
            }
        }

        Work(place, own: null);
    }

    /// <summary>Adds a search to the pass (under the lock): its segment bits, its query slot; false when it sees no row.</summary>
    private bool Join(Search search)
    {
        var batches = search.Batches;
        search.Claimed = new ulong[(batches.Count + 63) / 64];
        for (var s = 0; s < batches.Count; s++)
        {
            if (batches[s] is null)
            {
                search.Claimed[s / 64] |= 1UL << (s % 64);
            }
            else
            {
                search.Pending++;
            }
        }

        if (search.Pending == 0)
        {
            return false;
        }

        search.Unclaimed = search.Pending;
        search.WorkerHeaps = new PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>?[_maxWorkers];
        search.KernelSlot = TakeSlot(search);
        _searches.Add(search);
        _segmentCount = Math.Max(_segmentCount, batches.Count);
        _unclaimed += search.Unclaimed;
        _joined++;
        Interlocked.Increment(ref s_searching);
        return true;
    }

    /// <summary>A query slot in the lanes for the search (under the lock), or -1 when it goes row by row: a dimension other
    /// than the lanes' while they hold queries (pgvector's error), or a zero query under cosine.</summary>
    private int TakeSlot(Search search)
    {
        var dims = search.Query.Length;
        if (_slotsInUse == 0 && (_lanes is null || _lanes.Dimensions != dims))
        {
            _lanes = new QueryLanes(_metric, dims, InitialSlots);
            _slots = new Search?[InitialSlots];
        }

        if (_lanes!.Dimensions != dims)
        {
            return -1;
        }

        var slot = Array.IndexOf(_slots, null);
        if (slot < 0)
        {
            // Workers keep the lanes they claimed a segment with: the grown copy holds the same queries in the same slots.
            slot = _slots.Length;
            _lanes = _lanes.Grow(2 * _slots.Length);
            Array.Resize(ref _slots, 2 * _slots.Length);
        }

        _lanes.Set(slot, search.Query);
        if (!_lanes.Usable[slot])
        {
            return -1; // a zero query under cosine: every score is NaN, scored row by row
        }

        _slots[slot] = search;
        _slotsInUse++;
        return slot;
    }

    /// <summary>A free worker place (under the lock), or -1 when every core has a worker.</summary>
    private int TakePlace()
    {
        var place = Array.IndexOf(_busy, false);
        if (place >= 0)
        {
            _busy[place] = true;
            _workers[place] ??= new Worker(this, place);
        }

        return place;
    }

    private int Working() => _busy.Count(static b => b);

    /// <summary>One worker: claims the cursor's segments and scores them until none is left to hand out or its own search
    /// is done, then gives up its place.</summary>
    private void Work(int place, Search? own)
    {
        var worker = _workers[place]!;
        while (true)
        {
            lock (_lock)
            {
                if ((own is not null && own.Done) || !Claim(worker))
                {
                    Leave(place, own);
                    return;
                }
            }

            worker.Score();
        }
    }

    /// <summary>Hands the worker the cursor's next segment some search still needs (under the lock), with those searches
    /// and the lanes as they are now; false when no search needs a segment that is not already handed out.</summary>
    private bool Claim(Worker worker)
    {
        DropStopped();
        if (_unclaimed == 0)
        {
            return false;
        }

        var claimed = worker.Claimed;
        for (var step = 0; step < _segmentCount; step++)
        {
            var s = _cursor % _segmentCount;
            _cursor = s + 1;
            claimed.Clear();
            foreach (var search in _searches)
            {
                if (search.Unclaimed > 0 && s < search.Batches.Count && (search.Claimed[s / 64] & (1UL << (s % 64))) == 0)
                {
                    search.Claimed[s / 64] |= 1UL << (s % 64);
                    search.Unclaimed--;
                    _unclaimed--;
                    claimed.Add(search);
                }
            }

            if (claimed.Count > 0)
            {
                worker.Claim(s, _lanes!);
                return true;
            }
        }

        return false; // not reached while _unclaimed counts the searches' bits right
    }

    /// <summary>Drops (under the lock) each search whose session has an interrupt pending or whose scoring failed: the
    /// segments not handed out for it yet are never scored, so it ends when those already handed out are.</summary>
    private void DropStopped()
    {
        for (var i = _searches.Count - 1; i >= 0; i--) // Complete removes the search from the list
        {
            var search = _searches[i];
            if (search.Unclaimed > 0 && (search.Error is not null || search.Session?.InterruptPending == true))
            {
                var left = search.Unclaimed;
                search.Unclaimed = 0;
                search.Stopped = true;
                _unclaimed -= left;
                if (Interlocked.Add(ref search.Pending, -left) == 0)
                {
                    Complete(search);
                }
            }
        }
    }

    /// <summary>Gives up a worker's place (under the lock): to the thread of a search still waiting when segments are
    /// left to hand out and the worker leaves because its own search is done, else to nobody.</summary>
    private void Leave(int place, Search? own)
    {
        _workers[place]!.Release();
        if (own is not null)
        {
            own.Working = false;
        }

        if (_unclaimed > 0)
        {
            foreach (var search in _searches)
            {
                if (!search.Working && !search.Done)
                {
                    search.Working = true;
                    search.WorkOn = place;
                    search.Signal.Set();
                    return;
                }
            }
        }

        _busy[place] = false;
    }

    /// <summary>Ends a search whose last segment was scored: out of the pass and its slot, then released.</summary>
    private void Complete(Search search)
    {
        lock (_lock)
        {
            _searches.Remove(search);
            if (search.KernelSlot >= 0)
            {
                _slots[search.KernelSlot] = null;
                _slotsInUse--;
            }

            _segmentCount = 0;
            foreach (var other in _searches)
            {
                _segmentCount = Math.Max(_segmentCount, other.Batches.Count);
            }

            search.Done = true;
        }

        if (Interlocked.Decrement(ref s_searching) == 0 && Volatile.Read(ref s_poolBase) >= 0)
        {
            ReleasePoolThreads();
        }

        search.Signal.Set();
    }

    /// <summary>
    /// One worker place's state: the segment it claimed and its searches, per kernel slot the threshold the kernel compares
    /// with (from the place's heap of the search once it is full, +∞ before) and, for the segment being scored, the
    /// search's batch and a cursor into its selection (the kernel hands each query its rows in ascending order). Heaps are
    /// kept per search and place (<see cref="Search.WorkerHeaps"/>).
    /// </summary>
    private sealed class Worker(SharedVectorPass pass, int place) : ICandidateSink
    {
        /// <summary>Searches of a segment from which the kernel scores them: a lane group costs one FMA per dimension and
        /// row whatever the number of its queries, about what two queries scored row by row cost.</summary>
        private const int MinKernelQueries = 3;

        private readonly float[] _rowTerms = new float[TableSegment.Capacity];
        private QueryLanes _lanes = null!;
        private float[] _thresholds = [];
        private uint[] _valid = [];
        private Batch?[] _slotBatch = [];
        private Search?[] _slotSearch = [];
        private int[] _cursor = [];
        private float[] _scratch = [];
        private FloatVectorColumn? _column;

        /// <summary>The searches the claimed segment is scored for.</summary>
        public List<Search> Claimed { get; } = [];

        public int SegmentIndex { get; private set; }

        /// <summary>Takes segment <paramref name="s"/> with the lanes of the moment (under the pass's lock).</summary>
        public void Claim(int s, QueryLanes lanes)
        {
            SegmentIndex = s;
            if (!ReferenceEquals(lanes, _lanes))
            {
                _lanes = lanes;
                if (_thresholds.Length < lanes.Groups * QueryLanes.Width)
                {
                    _thresholds = new float[lanes.Groups * QueryLanes.Width];
                    _valid = new uint[lanes.Groups];
                    _slotBatch = new Batch?[lanes.Count];
                    _slotSearch = new Search?[lanes.Count];
                    _cursor = new int[lanes.Count];
                }
            }

            foreach (var search in Claimed)
            {
                if (_scratch.Length < search.Query.Length)
                {
                    _scratch = new float[search.Query.Length];
                }
            }
        }

        /// <summary>Drops the last segment's searches, batches and column (under the pass's lock, when the worker leaves):
        /// an idle pass lives as long as its table and must not keep truncated or compacted segments reachable.</summary>
        public void Release()
        {
            Claimed.Clear();
            Array.Clear(_slotBatch);
            Array.Clear(_slotSearch);
            _column = null;
        }

        /// <summary>Scores the claimed segment for its searches, then counts it done for each (ending those it completes).
        /// A failure outside one search's scoring (the kernel, the buffers) fails every search of the segment.</summary>
        public void Score()
        {
            try
            {
                Segment(SegmentIndex);
                pass.SegmentScored?.Invoke(SegmentIndex, Claimed); // before the segment counts as done: its searches are still in
            }
            catch (Exception e)
            {
                foreach (var search in Claimed)
                {
                    search.Error ??= e;
                }
            }
            finally
            {
                foreach (var search in Claimed)
                {
                    if (Interlocked.Decrement(ref search.Pending) == 0)
                    {
                        pass.Complete(search);
                    }
                }
            }
        }

        /// <summary>Scores segment <paramref name="s"/> for the claimed searches: through the kernel for the searches in a
        /// slot whose rows are in one shared column, row by row for the others (no slot, a column of their own, or a WHERE
        /// that keeps fewer than one row in 8, where the kernel would score mostly rows the search does not see).</summary>
        private void Segment(int s)
        {
            var searches = Claimed;
            _column = null;
            Array.Clear(_valid);
            var rows = 0;
            var kernelSearches = 0;
            foreach (var search in searches)
            {
                if (search.Error is null && search.KernelSlot >= 0 && search.Batches[s] is { } batch
                    && batch.Columns[search.Node.Column] is FloatVectorColumn { Dimensions: var d } column && d == _lanes.Dimensions
                    && (_column is null || _column == column) && batch.LiveCount * 8 >= batch.RowCount)
                {
                    _column = column;
                    rows = Math.Max(rows, batch.RowCount);
                    kernelSearches++;
                    var slot = search.KernelSlot;
                    _valid[slot / QueryLanes.Width] |= 1u << (slot % QueryLanes.Width);
                    _slotBatch[slot] = batch;
                    _slotSearch[slot] = search;
                    _cursor[slot] = 0;
                    _thresholds[slot] = Threshold(search);
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
                var norms = BlockDistanceKernel.UsesNorms(_lanes.Metric) ? _column.SquaredNorms(rows) : default;
                BlockDistanceKernel.Scan(_lanes, _column.Values.AsSpan(0, rows * _lanes.Dimensions), rows, norms, _thresholds, _valid, _rowTerms, this);
            }

            foreach (var search in searches)
            {
                if (search.Error is not null || search.Batches[s] is not { } batch)
                {
                    continue;
                }

                try
                {
                    var slot = search.KernelSlot;
                    if (slot >= 0 && (_valid[slot / QueryLanes.Width] & (1u << (slot % QueryLanes.Width))) != 0)
                    {
                        Irregular(search, batch);
                    }
                    else
                    {
                        search.Node.ScoreBatch(batch, s, search.Query, Heap(search), _scratch, search.Capacity);
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

                var search = _slotSearch[slot]!;
                var score = DistanceKernels.Score(metric, search.Query, values, _scratch);
                VectorTopKNode.Offer(Heap(search), new VectorTopKNode.Candidate(score, SegmentIndex, row, 0), search.Capacity);
                _thresholds[slot] = Threshold(search);
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
        private void Irregular(Search search, Batch batch)
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
                    VectorTopKNode.Offer(Heap(search), new VectorTopKNode.Candidate(score, SegmentIndex, row, 0), search.Capacity);
                }
            }
        }

        /// <summary>This place's heap of the search (only this place's thread touches it while the search is in the pass).</summary>
        private PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate> Heap(Search search) =>
            search.WorkerHeaps[place] ??= new PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>(VectorTopKNode.CandidateOrder.Worst);

        /// <summary>The kernel's threshold of the search's slot from this place's heap: +∞ until it is full, then from its
        /// worst score.</summary>
        private float Threshold(Search search)
        {
            var heap = search.WorkerHeaps[place];
            return heap is null || heap.Count < search.Capacity ? float.PositiveInfinity : _lanes.Threshold(search.KernelSlot, heap.Peek().Score);
        }
    }

    /// <summary>One exact search waiting for, or taking part in, the pass (of <paramref name="session"/>'s statement, whose
    /// cancel or statement_timeout drops it from the pass; null for none).</summary>
    internal sealed class Search(VectorTopKNode node, float[] query, IReadOnlyList<Batch?> batches, int capacity, Sessions.Session? session = null)
        : IDisposable
    {
        public VectorTopKNode Node { get; } = node;

        public Sessions.Session? Session { get; } = session;

        public float[] Query { get; } = query;

        /// <summary>The search's batch of each segment (its snapshot's rows that pass its WHERE), null where none.</summary>
        public IReadOnlyList<Batch?> Batches { get; } = batches;

        /// <summary>k plus the re-ranking margin.</summary>
        public int Capacity { get; } = capacity;

        /// <summary>The first error scoring this search's rows raised (rethrown on its own thread).</summary>
        public Exception? Error { get; set; }

        /// <summary>The heaps of the worker places that scored rows for this search (read once it is done).</summary>
        public List<PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>> Heaps
        {
            get
            {
                var heaps = new List<PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>>();
                foreach (var heap in WorkerHeaps)
                {
                    if (heap is not null)
                    {
                        heaps.Add(heap);
                    }
                }

                return heaps;
            }
        }

        /// <summary>One heap per worker place (see <see cref="Worker"/>).</summary>
        internal PriorityQueue<VectorTopKNode.Candidate, VectorTopKNode.Candidate>?[] WorkerHeaps = [];

        /// <summary>A bit per segment: set once the segment is handed out for this search (or when it sees no row there).
        /// Under the pass's lock.</summary>
        internal ulong[] Claimed = [];

        /// <summary>Segments not handed out yet (under the pass's lock), and not scored yet (decremented by workers).</summary>
        internal int Unclaimed;
        internal int Pending;

        internal ManualResetEventSlim Signal { get; } = new(false);

        internal volatile bool Done;

        /// <summary>Whether the pass dropped the search before all its segments were scored (an interrupt of its session, or
        /// <see cref="Error"/>): its heaps are partial and must not be answered from.</summary>
        internal volatile bool Stopped;

        /// <summary>Whether the search's thread holds a worker place (under the pass's lock).</summary>
        internal bool Working;

        /// <summary>A worker place handed to the search's thread, or -1.</summary>
        internal volatile int WorkOn = -1;

        /// <summary>This search's slot in the pass's lanes, or -1 when it is scored row by row.</summary>
        internal int KernelSlot = -1;

        /// <inheritdoc/>
        public void Dispose() => Signal.Dispose();
    }
}
