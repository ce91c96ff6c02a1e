using System.Diagnostics;
using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Persistence;
using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// The HNSW graph behind one <c>CREATE INDEX ... USING hnsw</c>: every row version of the table with a non-null vector
/// is a node labelled with its row id. Like <see cref="Indexes.TableKeyIndex"/> it follows the table instead of being told
/// about writes: row ids are dense and only appended, so <see cref="Sync"/> links the versions appended since the last
/// call (inserted rows, and the new versions UPDATE writes). Versions a snapshot cannot see (deleted, replaced, not yet
/// committed) stay in the graph as waypoints and are filtered at query time, as pgvector keeps dead tuples until VACUUM;
/// TRUNCATE or a table rewrite, which replace the segments, and a compaction that renumbered the row ids
/// (<see cref="ColumnarTable.Generation"/>, after old versions are reclaimed) rebuild it from the rows that remain.
/// <para>The first build runs on all cores on the thread pool (<see cref="Start"/>) without any lock readers or writers
/// take: until it is <see cref="IsReady"/> the planner searches exactly. Progress is read by
/// pg_stat_progress_create_index.</para>
/// </summary>
internal sealed class HnswIndex
{
    private readonly object _syncLock = new();
    private volatile HnswGraph _graph;
    private volatile bool _ready;
    private volatile bool _cancelled;
    private ColumnarTable? _data;
    private TableSegment[] _segments = []; // the segments the graph's labels (row ids) index, of generation _generation
    private TableSegment? _firstSegment;
    private ColumnVector? _firstColumn;
    private long _indexedRows;
    private long _generation = -1;
    private long _tuplesDone;
    private long _tuplesTotal;
    private readonly object _persistLock = new();
    private HnswGraph? _persistedGraph;
    private int _persistedNodes;
    private int _persisting;

    public HnswIndex(IndexInfo info, int column, HnswOptions options)
    {
        Info = info;
        Column = column;
        Options = options;
        _graph = NewGraph();
    }

    /// <summary>The catalog entry (name, table).</summary>
    public IndexInfo Info { get; }

    /// <summary>Physical slot of the vector column.</summary>
    public int Column { get; }

    /// <summary>Operator class, m and ef_construction.</summary>
    public HnswOptions Options { get; }

    /// <summary>The process id of the session that builds the graph (0 for a rebuild after a restart).</summary>
    public int Pid { get; init; }

    /// <summary>Whether the first build has finished, so that searches may use the graph.</summary>
    public bool IsReady => _ready;

    /// <summary>The running (or finished) first build.</summary>
    public Task? Build { get; private set; }

    /// <summary>pg_stat_progress_create_index.phase while building, null once ready.</summary>
    public string? Phase { get; private set; }

    /// <summary>Row versions to link in the running build (tuples_total).</summary>
    public long TuplesTotal => Interlocked.Read(ref _tuplesTotal);

    /// <summary>Row versions linked so far in the running build (tuples_done).</summary>
    public long TuplesDone => Interlocked.Read(ref _tuplesDone);

    /// <summary>Nodes in the graph.</summary>
    public int Nodes => _graph.Count;

    /// <summary>Starts the first build, on the thread pool or (<paramref name="inline"/>) on the calling thread and the
    /// pool; <paramref name="done"/> gets the report when it ends. With <paramref name="load"/> (a restart) the stored
    /// graph is loaded instead when it is usable, and only the rows it lacks are linked.</summary>
    public Task Start(string reason, bool inline, Action<HnswBuildReport>? done, bool load = false)
    {
        var build = new Task(() =>
        {
            var clock = Stopwatch.StartNew();
            string? problem = null;
            var linked = -1;
            if (load && Store is { } kv)
            {
                try
                {
                    linked = TryLoad(kv, out problem);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A storage error or a record Import did not foresee: whatever it is, the graph is built anew.
                    problem = $"stored graph not usable: {e.Message}";
                }
            }

            if (linked < 0)
            {
                Sync(force: true);
                try
                {
                    Persist();
                }
                catch (PgException e)
                {
                    problem = $"{problem}{(problem is null ? "" : ", ")}graph not stored: {e.Message}"; // the next start rebuilds it
                }
            }

            Phase = null;
            _ready = !_cancelled;
            PersistInBackgroundIfBehind(_graph); // a loaded graph that had many rows to link
            done?.Invoke(new HnswBuildReport(Info.Schema.Name, Info.Name, Info.Table.Name, _graph.Count, clock.Elapsed,
                problem is null ? reason : $"{reason}, {problem}", _cancelled) { Loaded = linked >= 0, Linked = Math.Max(linked, 0) });
        });
        lock (_syncLock)
        {
            if (Build is { } running)
            {
                return running;
            }

            Phase = "building index";
            Build = build;
        }

        if (inline)
        {
            build.RunSynchronously();
        }
        else
        {
            build.Start();
        }

        return build;
    }

    /// <summary>Whether the index was dropped (<see cref="Cancel"/>).</summary>
    public bool IsCancelled => _cancelled;

    /// <summary>Stops a running build (DROP INDEX / DROP TABLE) and a running write of the graph; the graph is dropped
    /// with this object.</summary>
    public void Cancel() => _cancelled = true;

    /// <summary>Deletes the stored graph of this dropped index at the DROP's commit: after a write that was running
    /// (<see cref="Persist"/> holds its lock while it writes, and stops at its next batch once cancelled), so that the
    /// write cannot put the graph back after the delete and leave it stored until the next start.</summary>
    public void DeleteStoredGraph(IKvStore kv)
    {
        lock (_persistLock)
        {
            HnswGraphStore.Delete(kv, Info.Oid);
        }
    }

    /// <summary>Links the row versions appended since the last call (rebuilding when the storage was replaced) and
    /// returns the graph to search.</summary>
    public HnswGraph Sync(bool force = false)
    {
        var data = Info.Table.Data;
        if (!force && ReferenceEquals(data, _data) && data.RowVersionCount == Volatile.Read(ref _indexedRows)
            && data.Generation == Volatile.Read(ref _generation) && SameStorage(data))
        {
            return _graph;
        }

        lock (_syncLock)
        {
            var generation = data.Generation;
            var count = data.RowVersionCount;
            var rebuild = !ReferenceEquals(data, _data) || !SameStorage(data) || count < _indexedRows || generation != _generation;
            if (rebuild && Store is { } kv)
            {
                // The stored graph's tuple ids may name other rows now (TRUNCATE, a rewrite): it goes until rewritten.
                HnswGraphStore.Delete(kv, Info.Oid);
            }

            var graph = rebuild ? NewGraph() : _graph;
            var from = rebuild ? 0 : _indexedRows;
            var segments = data.Segments.ToArray();
            Interlocked.Exchange(ref _tuplesTotal, count - from);
            Interlocked.Exchange(ref _tuplesDone, 0);
            AppendRows(graph, segments, from, count);
            graph.LinkPending(() => _cancelled, linked => Interlocked.Add(ref _tuplesDone, linked));
            Interlocked.Exchange(ref _tuplesDone, count - from); // rows without a vector count as done
            Publish(graph, data, segments, generation, count);
            PersistInBackgroundIfBehind(graph);
            return graph;
        }
    }

    /// <summary>
    /// Rows linked since the graph was last written, past which it is written again in the background, so that a crash
    /// (no clean-shutdown checkpoint) leaves a restart at most about this many rows to link: 10% of the stored nodes,
    /// at least <see cref="PersistMinTail"/>. Writing a graph costs about 2% of building it (1M nodes: about 6 s against
    /// 300 CPU s), so writing it again after each 10% of growth adds some 20% to the cost of linking those rows.
    /// </summary>
    private const int PersistMinTail = 10_000;

    /// <summary>Starts a background <see cref="Persist"/> when the graph has grown past the written one by more than the
    /// tail a restart should have to link (after the first build, which writes its graph itself).</summary>
    private void PersistInBackgroundIfBehind(HnswGraph graph)
    {
        var stored = ReferenceEquals(graph, _persistedGraph) ? _persistedNodes : 0;
        if (!_ready || Store is null || graph.Count - stored < Math.Max(PersistMinTail, stored / 10)
            || Interlocked.Exchange(ref _persisting, 1) != 0)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                Persist();
            }
            catch (PgException)
            {
                // A storage error: the graph is written again at the next trigger or the clean shutdown.
            }
            finally
            {
                Volatile.Write(ref _persisting, 0);
            }
        });
    }

    /// <summary>Writes the graph to the store when it changed since it was last written: after a build, in the background
    /// when many rows were linked since (<see cref="PersistInBackgroundIfBehind"/>), and at a clean shutdown. The write
    /// holds no lock the writers take: it stores the nodes linked when it starts, while rows go on being linked.</summary>
    public void Persist()
    {
        if (Store is not { } kv)
        {
            return;
        }

        lock (_persistLock)
        {
            if (_cancelled)
            {
                return; // dropped: its stored graph goes at the DROP's commit (DeleteStoredGraph), after this lock
            }

            var (graph, keyOf, linked) = SnapshotForWrite();
            if (graph is null || (ReferenceEquals(graph, _persistedGraph) && linked == _persistedNodes))
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            var nodes = HnswGraphStore.Write(kv, Info.Oid, Info.Table.Oid, Options, graph, keyOf, () => _cancelled, linked);
            if (nodes < 0)
            {
                return; // dropped meanwhile: the write stopped, and the commit of the DROP deletes what is stored
            }

            if (!ReferenceEquals(graph, _graph))
            {
                HnswGraphStore.Delete(kv, Info.Oid); // rebuilt meanwhile (TRUNCATE): the old graph must not stay stored
                return;
            }

            (_persistedGraph, _persistedNodes) = (graph, nodes);
            HnswIndexRegistry.OnGraphStored(new HnswStoreReport(Info.Schema.Name, Info.Name, Info.Table.Name, nodes, clock.Elapsed));
        }
    }

    /// <summary>
    /// The graph to write (null when never built), the durable key of each of its labels: the tuple id read from the
    /// segments the graph was linked against, and how many nodes those segments cover (a Sync after this may link rows
    /// of newer segments, which the key function cannot name). A write takes no ReclaimGate hold (a 1M-node graph takes seconds to write,
    /// and VACUUM would wait for it), and a compaction meanwhile renumbers the table's row ids, so the live table
    /// (<see cref="ColumnarTable.TupleId"/>) would give other rows' tuple ids, or fail, for the graph's old row ids;
    /// the old segments are left as they were (compaction copies the kept versions into new ones), so their tuple ids
    /// stay the right keys. A graph stored that way names some versions the compaction dropped: a load bridges them
    /// (<see cref="HnswGraph.Import"/>), and the rebuild that follows the compaction writes the graph again.
    /// </summary>
    internal (HnswGraph? Graph, Func<long, long> KeyOf, int Linked) SnapshotForWrite()
    {
        lock (_syncLock)
        {
            if (_data is null)
            {
                return (null, static row => row, 0); // never built
            }

            var graph = Sync();
            var segments = _segments;
            return (graph, row => TupleRowIndex.TupleIdAt(segments, row), graph.LinkedCount);
        }
    }

    /// <summary>
    /// Loads the stored graph: its nodes are found again by tuple id (<see cref="TupleRowIndex"/>), then the rows it
    /// lacks are linked. Returns how many rows
    /// were linked, or −1 with the reason when there is no usable stored graph.
    /// </summary>
    private int TryLoad(IKvStore kv, out string? problem)
    {
        lock (_syncLock)
        {
            var data = Info.Table.Data;
            var generation = data.Generation;
            var count = data.RowVersionCount;
            var segments = data.Segments.ToArray();
            var rows = new TupleRowIndex(segments, count);
            ReadOnlySpan<float> VectorOf(long row) => VectorAt(segments, row);
            var graph = HnswGraphStore.Read(kv, Info.Oid, Info.Table.Oid, Options, NewGraph(), rows.RowOf, VectorOf, out var reason);
            if (graph is null)
            {
                problem = reason;
                return -1;
            }

            var covered = new bool[count];
            for (var node = 0; node < graph.Count; node++)
            {
                covered[graph.LabelOf(node)] = true;
            }

            var linked = 0;
            for (var row = 0L; row < count; row++)
            {
                if (!covered[row] && VectorAt(segments, row) is { Length: > 0 } vector && vector.Length == graph.Dimensions)
                {
                    graph.Append(vector, row);
                    linked++;
                }
            }

            Interlocked.Exchange(ref _tuplesTotal, linked);
            graph.LinkPending(() => _cancelled, n => Interlocked.Add(ref _tuplesDone, n));
            Publish(graph, data, segments, generation, count);
            (_persistedGraph, _persistedNodes) = linked == 0 ? (graph, graph.Count) : (null, 0);
            problem = null;
            return linked;
        }
    }

    private void Publish(HnswGraph graph, ColumnarTable data, TableSegment[] segments, long generation, long count)
    {
        _graph = graph;
        _data = data;
        _segments = segments;
        _firstSegment = segments.Length > 0 ? segments[0] : null;
        _firstColumn = _firstSegment?.Columns[Column];
        Volatile.Write(ref _generation, generation);
        Volatile.Write(ref _indexedRows, count);
    }

    /// <summary>The store graphs are kept in: none for an in-memory engine or a temporary table.</summary>
    private IKvStore? Store => Info.Table.IsTemporary ? null : (Info.Table.Schema.Database.RowLog as DurableStore)?.Kv;

    /// <summary>Copies the vectors of rows [<paramref name="from"/>, <paramref name="to"/>) into the graph, to be linked
    /// by <see cref="HnswGraph.LinkPending"/>; null vectors (empty) are not indexed, the exact search returns them last.</summary>
    private void AppendRows(HnswGraph graph, TableSegment[] segments, long from, long to)
    {
        for (var row = from; row < to; row++)
        {
            var vector = VectorAt(segments, row);
            if (vector.Length == graph.Dimensions)
            {
                graph.Append(vector, row);
            }
        }
    }

    /// <summary>A row's vector, empty when null (or when its segment predates the column).</summary>
    private ReadOnlySpan<float> VectorAt(TableSegment[] segments, long row)
    {
        var segment = segments[(int)(row / TableSegment.Capacity)];
        var offset = (int)(row % TableSegment.Capacity);
        return Column >= segment.Columns.Length || segment.Columns[Column].IsNull(offset) ? default
            : segment.Columns[Column] is FloatVectorColumn floats ? floats.ValueSpan(offset) : (float[])segment.Columns[Column].GetValue(offset)!;
    }

    private HnswGraph NewGraph() => new(Options.Dimensions, Options.Metric, Options.M, Options.EfConstruction);

    private bool SameStorage(ColumnarTable data)
    {
        var segments = data.Segments;
        return segments.Length == 0
            ? _firstSegment is null
            : ReferenceEquals(segments[0], _firstSegment) && ReferenceEquals(segments[0].Columns[Column], _firstColumn);
    }
}

/// <summary>What the server log says when a graph was written to storage.</summary>
public sealed record HnswStoreReport(string Schema, string Index, string Table, int Vectors, TimeSpan Elapsed);

/// <summary>What the server log says when an HNSW build ends: a build (<see cref="Reason"/> says why, and after a restart
/// why the stored graph was not used) or, with <see cref="Loaded"/>, a graph loaded from storage.</summary>
public sealed record HnswBuildReport(string Schema, string Index, string Table, int Vectors, TimeSpan Elapsed, string Reason, bool Cancelled)
{
    /// <summary>Whether the graph was loaded from storage rather than built.</summary>
    public bool Loaded { get; init; }

    /// <summary>Rows linked into a loaded graph (inserted after it was written).</summary>
    public int Linked { get; init; }

    /// <summary>Vectors linked per second.</summary>
    public double VectorsPerSecond => Elapsed.TotalSeconds > 0 ? Vectors / Elapsed.TotalSeconds : Vectors;
}
