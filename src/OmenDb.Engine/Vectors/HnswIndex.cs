using System.Diagnostics;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;

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
    /// <summary>Rows linked per parallel work item while building.</summary>
    private const int BuildChunk = 256;

    private readonly object _syncLock = new();
    private volatile HnswGraph _graph;
    private volatile bool _ready;
    private volatile bool _cancelled;
    private ColumnarTable? _data;
    private TableSegment? _firstSegment;
    private ColumnVector? _firstColumn;
    private long _indexedRows;
    private long _generation = -1;
    private long _tuplesDone;
    private long _tuplesTotal;

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
    /// pool; <paramref name="done"/> gets the report when it ends.</summary>
    public Task Start(string reason, bool inline, Action<HnswBuildReport>? done)
    {
        var build = new Task(() =>
        {
            var clock = Stopwatch.StartNew();
            Sync(force: true);
            Phase = null;
            _ready = !_cancelled;
            done?.Invoke(new HnswBuildReport(Info.Schema.Name, Info.Name, Info.Table.Name, _graph.Count, clock.Elapsed, reason, _cancelled));
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

    /// <summary>Stops a running build (DROP INDEX / DROP TABLE); the graph is dropped with this object.</summary>
    public void Cancel() => _cancelled = true;

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
            var graph = rebuild ? NewGraph() : _graph;
            var from = rebuild ? 0 : _indexedRows;
            var segments = data.Segments.ToArray();
            Interlocked.Exchange(ref _tuplesTotal, count - from);
            Interlocked.Exchange(ref _tuplesDone, 0);
            if (count - from >= 2 * BuildChunk)
            {
                var chunks = (int)((count - from + BuildChunk - 1) / BuildChunk);
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (chunk, loop) =>
                {
                    if (_cancelled)
                    {
                        loop.Stop();
                        return;
                    }

                    var start = from + ((long)chunk * BuildChunk);
                    LinkRows(graph, segments, start, Math.Min(count, start + BuildChunk));
                });
            }
            else
            {
                LinkRows(graph, segments, from, count);
            }

            _graph = graph;
            _data = data;
            _firstSegment = segments.Length > 0 ? segments[0] : null;
            _firstColumn = _firstSegment?.Columns[Column];
            Volatile.Write(ref _generation, generation);
            Volatile.Write(ref _indexedRows, count);
            return graph;
        }
    }

    private void LinkRows(HnswGraph graph, TableSegment[] segments, long from, long to)
    {
        for (var row = from; row < to; row++)
        {
            var segment = segments[(int)(row / TableSegment.Capacity)];
            var offset = (int)(row % TableSegment.Capacity);
            var vector = Column < segment.Columns.Length ? ReadVector(segment.Columns[Column], offset) : default;
            if (vector.Length == graph.Dimensions)
            {
                graph.Add(vector, row); // null vectors (empty) are not indexed; the exact search returns them last
            }
        }

        Interlocked.Add(ref _tuplesDone, to - from); // once per chunk: build threads do not share a counter line per row
    }

    private static ReadOnlySpan<float> ReadVector(ColumnVector column, int offset) => column.IsNull(offset)
        ? default
        : column is FloatVectorColumn floats ? floats.ValueSpan(offset) : (float[])column.GetValue(offset)!;

    private HnswGraph NewGraph() => new(Options.Dimensions, Options.Metric, Options.M, Options.EfConstruction);

    private bool SameStorage(ColumnarTable data)
    {
        var segments = data.Segments;
        return segments.Length == 0
            ? _firstSegment is null
            : ReferenceEquals(segments[0], _firstSegment) && ReferenceEquals(segments[0].Columns[Column], _firstColumn);
    }
}

/// <summary>What the server log says when an HNSW build ends.</summary>
public sealed record HnswBuildReport(string Schema, string Index, string Table, int Vectors, TimeSpan Elapsed, string Reason, bool Cancelled)
{
    /// <summary>Vectors linked per second.</summary>
    public double VectorsPerSecond => Elapsed.TotalSeconds > 0 ? Vectors / Elapsed.TotalSeconds : Vectors;
}
