using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Indexes;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// Reads a table through an ordered key index (<see cref="TableKeyIndex"/>): the rows whose key satisfies the
/// <see cref="KeyCondition"/>, in key order (descending on request), checked against the snapshot like a
/// sequential scan does, then filtered by the rest of the WHERE clause. Output columns are the table's physical
/// slots, as <see cref="SeqScanNode"/>'s, so the node replaces one. Rows are gathered (copied) into batches:
/// index order is not segment order. With a LIMIT above, the first batch is only as large as the limit.
/// </summary>
internal sealed class IndexScanNode : PlanNode
{
    public IndexScanNode(SeqScanNode scan, int keyColumn, KeyIndexMethod method, string indexName, KeyCondition condition)
        : base(scan.Columns)
    {
        Table = scan.Table;
        Alias = scan.Alias;
        EmitRowIds = scan.EmitRowIds;
        KeyColumn = keyColumn;
        Method = method;
        IndexName = indexName;
        Condition = condition;
        KeyIsUnique = CoveredByUniqueConstraint(Table, keyColumn);
        UniqueKeyLookup = condition.InList is null && condition.InArray is null && condition.Bounds.Count > 0
            && condition.Bounds.TrueForAll(b => b.Op == "=") && KeyIsUnique;
    }

    public TableInfo Table { get; }

    public string Alias { get; }

    /// <summary>Key column slot.</summary>
    public int KeyColumn { get; }

    public KeyIndexMethod Method { get; }

    public string IndexName { get; }

    public KeyCondition Condition { get; }

    /// <summary>Conjuncts the index does not answer, evaluated on every row it returns.</summary>
    public BoundExpr? Filter { get; init; }

    /// <summary>Whether rows come out in descending key order.</summary>
    public bool Descending { get; init; }

    /// <summary>Rows wanted by a LIMIT above (0 = all): sizes the first batch.</summary>
    public long FirstBatchRows { get; init; }

    /// <summary>Also output each row's row id as a final int8 column (UPDATE/DELETE).</summary>
    public bool EmitRowIds { get; }

    /// <summary>Whether a primary key or unique constraint covers exactly the key column (decided with the plan; DDL
    /// re-plans).</summary>
    public bool KeyIsUnique { get; }

    private static bool CoveredByUniqueConstraint(TableInfo table, int keyColumn)
    {
        var attnum = keyColumn + 1;
        foreach (var constraint in table.Constraints)
        {
            if (constraint.Kind is ConstraintKind.PrimaryKey or ConstraintKind.Unique && constraint.Columns is [var only] && only == attnum)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The condition is one key (<c>pk = c</c> or <c>pk = $1</c>, no IN list) of a unique key column: one snapshot
    /// sees one version (or, past its own, two). Decided when the plan is built; DDL re-plans a prepared statement.
    /// </summary>
    private bool UniqueKeyLookup { get; }

    /// <summary>The index, created and brought up to date on first use.</summary>
    public TableKeyIndex Index => KeyIndexRegistry.Get(Table, KeyColumn, Method);

    public override string ExplainName
        => $"Index Scan{(Descending ? " Backward" : "")} using {IndexName} on {Table.Name}{(Alias == Table.Name ? "" : " " + Alias)}";

    public override IEnumerable<string> ExplainDetails
    {
        get
        {
            if (Condition.Used.Count > 0)
            {
                yield return $"Index Cond: {string.Join(" AND ", Condition.Used)}";
            }

            var version = Index.Sync();
            yield return $"Index Engine: {version.Engine.Describe()}, delta {version.Delta.Count}";
            if (Filter is not null)
            {
                yield return $"Filter: {Filter}";
            }
        }
    }

    protected override OperatorState OpenCore(ExecContext ctx) => new State(this, ctx);

    /// <summary>
    /// The method of an implicit (primary-key) index can be overridden per session with
    /// <c>SET omendb.index_engine = auto | learned | btree</c>; an index created with USING keeps its method.
    /// </summary>
    internal static KeyIndexMethod EffectiveMethod(KeyIndexMethod declared, ExecContext ctx)
    {
        if (declared != KeyIndexMethod.Auto)
        {
            return declared;
        }

        return ctx.Session.GetSetting(SettingName) switch
        {
            null or "" or "auto" => KeyIndexMethod.Auto,
            "learned" => KeyIndexMethod.Learned,
            "btree" => KeyIndexMethod.BTree,
            var v => throw new Common.PgException(Common.SqlState.InvalidParameterValue, $"invalid value for parameter \"{SettingName}\": \"{v}\"")
            {
                Hint = "Available values: auto, learned, btree.",
            },
        };
    }

    /// <summary>The session setting that overrides the engine of implicit primary-key indexes.</summary>
    public const string SettingName = "omendb.index_engine";

    /// <summary>Rows gathered with their segment offsets on the stack (a point lookup finds one, at most two visible).</summary>
    private const int SmallGather = 16;

    /// <summary>Keys of an IN list searched per batched lookup.</summary>
    private const int LookupChunk = 1024;

    private sealed class State : OperatorState
    {
        private readonly IndexScanNode _node;
        private readonly ExecContext _ctx;
        private IEnumerator<long>? _rows;
        private bool _first = true;

        /// <summary>Visible row ids of the batch being gathered (grows up to the batch size).</summary>
        private long[] _visible = [];

        /// <summary>The visible versions of a one-key range the general path found (<see cref="NewestVisible"/>).</summary>
        private long[] _keyVersions = [];

        /// <summary>Row ids of a chunk of IN-list keys (created on first use).</summary>
        private List<long>? _found;

        /// <summary>Row ids of the one key of a <see cref="UniqueKeyLookup"/>, per thread: a point query allocates no list.</summary>
        [ThreadStatic]
        private static List<long>? t_lookupScratch;

        /// <summary>Segment offsets of the rows being copied (grows with <see cref="_visible"/>).</summary>
        private int[] _offsets = [];

        /// <summary>Rows the condition is expected to find (the number of keys of a lookup), 0 when unknown.</summary>
        private int _expected;

        public State(IndexScanNode node, ExecContext ctx)
        {
            _node = node;
            _ctx = ctx;
        }

        public override Batch? Next()
        {
            if (_node.UniqueKeyLookup)
            {
                // One key of a unique column (a prepared point query): one batch of its visible version, found and
                // copied without the general path's enumerator and cursor.
                if (!_first)
                {
                    return null;
                }

                _first = false;
                _ctx.CheckInterrupts();
                var visible = LookupUniqueKey();
                return visible == 0 ? null : FilterOrNull(Materialize(visible));
            }

            _rows ??= RowIds();
            while (true)
            {
                _ctx.CheckInterrupts();
                var capacity = _first && _node.FirstBatchRows > 0 ? (int)Math.Min(_node.FirstBatchRows, Batch.DefaultSize) : Batch.DefaultSize;
                _first = false;
                var batch = Gather(capacity);
                if (batch is null)
                {
                    return null;
                }

                if (FilterOrNull(batch) is { } rows)
                {
                    return rows;
                }
            }
        }

        /// <summary>The batch, or null when the rest of the WHERE clause leaves no row of it.</summary>
        private Batch? FilterOrNull(Batch batch)
        {
            if (_node.Filter is not null)
            {
                FilterNode.Apply(batch, _node.Filter, _ctx);
                if (batch.LiveCount == 0)
                {
                    return null;
                }
            }

            return batch;
        }

        /// <summary>
        /// <see cref="UniqueKeyLookup"/>: puts the visible version(s) of the one key into <see cref="_visible"/> and
        /// returns their count (<see cref="NewestVisible"/>).
        /// </summary>
        private int LookupUniqueKey()
        {
            var range = _node.Condition.Evaluate(_ctx);
            if (range is not { } r || r.Low != r.High)
            {
                return 0;
            }

            var version = KeyIndexRegistry.Get(_node.Table, _node.KeyColumn, EffectiveMethod(_node.Method, _ctx)).Sync();
            return NewestVisible(version, r.Low, ref _visible);
        }

        /// <summary>
        /// Puts the visible version(s) of <paramref name="key"/> of a unique column into <paramref name="into"/> and returns
        /// their count. A snapshot sees one version, almost always the newest (versions of a key ascend in row id), so the
        /// search goes newest first and stops at the visible one instead of checking every dead version a hot row collected
        /// since the last reclaim (pgbench's branches). The exception is a version this transaction inserted after another
        /// transaction deleted the older one and committed: a REPEATABLE READ snapshot taken before that delete sees both,
        /// as PostgreSQL's does, so past an own version the search goes on.
        /// </summary>
        private int NewestVisible(IndexVersion version, long key, ref long[] into)
        {
            // The lookup's scratch list is the thread's: it is emptied into the caller's array before anything else runs here.
            var found = t_lookupScratch ??= new List<long>(4);
            found.Clear();
            // The main part's versions ascend in row id (its build sorts them); only the delta's may come out of order. A
            // hot row has many dead main versions and few since the last merge, so only the delta's are sorted, and
            // the whole list only in the rare case that a delta version is older than a main one.
            var main = version.Lookup(key, found);
            if (found.Count - main > 1)
            {
                found.Sort(main, found.Count - main, null);
            }

            if (main > 0 && main < found.Count && found[main - 1] > found[main])
            {
                found.Sort();
            }

            var snapshot = _ctx.Snapshot;
            var own = _ctx.OwnTxIds;
            var data = _node.Table.Data;
            var n = 0;
            for (var i = found.Count - 1; i >= 0; i--)
            {
                var rowId = found[i];
                var (seg, off) = data.Locate(rowId);
                var created = seg.CreatedBy[off];
                if (!snapshot.IsVisible(created, Volatile.Read(ref seg.DeletedBy[off])))
                {
                    continue;
                }

                if (n == into.Length)
                {
                    Array.Resize(ref into, Math.Max(4, n * 2));
                }

                into[n++] = rowId;
                if (!own.Contains(created))
                {
                    break;
                }
            }

            return n;
        }

        /// <summary>Row ids of every version whose key matches, in key order.</summary>
        private IEnumerator<long> RowIds()
        {
            var range = _node.Condition.Evaluate(_ctx);
            if (range is not { } r)
            {
                yield break;
            }

            var version = KeyIndexRegistry.Get(_node.Table, _node.KeyColumn, EffectiveMethod(_node.Method, _ctx)).Sync();
            if (r.Points is { } points)
            {
                // A key lookup usually finds one version per key: size the first gather for that.
                // Many keys (an IN list) are searched in chunks through the engine's batched lookup.
                _expected = points.Length;
                var ordered = points;
                if (_node.Descending)
                {
                    ordered = (long[])points.Clone();
                    Array.Reverse(ordered);
                }

                var found = _found ??= new List<long>(1);
                for (var i = 0; i < ordered.Length; i += LookupChunk)
                {
                    found.Clear();
                    version.LookupMany(ordered.AsSpan(i, Math.Min(LookupChunk, ordered.Length - i)), found);
                    for (var j = 0; j < found.Count; j++)
                    {
                        yield return found[j];
                    }
                }

                yield break;
            }

            if (r.Low == r.High && _node.KeyIsUnique)
            {
                // One key of a unique column in another spelling than pk = c (k BETWEEN c AND c).
                var n = NewestVisible(version, r.Low, ref _keyVersions);
                for (var i = 0; i < n; i++)
                {
                    yield return _keyVersions[i];
                }

                yield break;
            }

            var cursor = new KeyRangeCursor(version, r.Low, r.High, _node.Descending);
            while (cursor.TryNext(out _, out var rowId))
            {
                yield return rowId;
            }
        }

        /// <summary>
        /// The next batch of at most <paramref name="capacity"/> visible rows. Visible row ids are collected first
        /// and the column vectors then allocated at the exact row count, so a point lookup does not allocate (and
        /// zero) a full-size batch for its one row.
        /// </summary>
        private Batch? Gather(int capacity)
        {
            var table = _node.Table;
            var snapshot = _ctx.Snapshot;
            var n = 0;
            while (n < capacity && _rows!.MoveNext())
            {
                var rowId = _rows.Current;
                var (seg, off) = table.Data.Locate(rowId);
                if (!snapshot.IsVisible(seg.CreatedBy[off], Volatile.Read(ref seg.DeletedBy[off])))
                {
                    continue;
                }

                if (n == _visible.Length)
                {
                    Array.Resize(ref _visible, Math.Min(capacity, Math.Max(Math.Max(_expected, 16), n * 2)));
                }

                _visible[n++] = rowId;
            }

            return n == 0 ? null : Materialize(n);
        }

        /// <summary>A batch of the rows of the first <paramref name="n"/> row ids of <see cref="_visible"/>.</summary>
        private Batch Materialize(int n)
        {
            var table = _node.Table;
            var columns = new ColumnVector[table.Columns.Count + (_node.EmitRowIds ? 1 : 0)];
            for (var c = 0; c < table.Columns.Count; c++)
            {
                columns[c] = ColumnVector.Create(table.Columns[c].Type, n);
            }

            PrimitiveVector<long>? ids = null;
            if (_node.EmitRowIds)
            {
                columns[^1] = ids = new PrimitiveVector<long>(Types.PgTypes.Int8, n);
            }

            // Column at a time over runs of rows in the same segment (index order mostly follows insertion order).
            // A point lookup's one or two rows need no array of their own.
            Span<int> offsets = n <= SmallGather ? stackalloc int[SmallGather]
                : _offsets.Length >= n ? _offsets : (_offsets = new int[_visible.Length]);

            var dataColumns = table.Columns.Count;
            for (var start = 0; start < n;)
            {
                var (seg, first) = table.Data.Locate(_visible[start]);
                var segIndex = _visible[start] / TableSegment.Capacity;
                offsets[start] = first;
                var end = start + 1;
                while (end < n && _visible[end] / TableSegment.Capacity == segIndex)
                {
                    offsets[end] = (int)(_visible[end] % TableSegment.Capacity);
                    end++;
                }

                var rows = offsets[start..end];
                for (var c = 0; c < dataColumns; c++)
                {
                    if (c < seg.Columns.Length)
                    {
                        columns[c].CopyRows(seg.Columns[c], rows, start);
                    }
                    else
                    {
                        for (var i = start; i < end; i++)
                        {
                            columns[c].SetNull(i);
                        }
                    }
                }

                start = end;
            }

            if (ids is not null)
            {
                _visible.AsSpan(0, n).CopyTo(ids.Values);
            }

            foreach (var v in columns)
            {
                v.Count = n;
            }

            return new Batch(columns, n);
        }
    }
}
