using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Persistence;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Copy;

/// <summary>
/// COPY table FROM STDIN as a batch path: the parser splits CopyData into field bytes in place, each listed column's
/// field goes straight into a typed column vector of a chunk (<see cref="CopyFieldReader"/>: no string or boxed value
/// for integers and doubles, no row array), columns not listed get their defaults, NOT NULL and CHECK are checked as
/// each row is read (so the error names the line and its text, as PostgreSQL's does), and every
/// <see cref="ChunkRows"/> rows the chunk is appended to the table in one block and entered into the unique indexes
/// (23505 names the line, without its text: PostgreSQL checks them when its insert buffer is flushed). The rows are
/// written by the statement's (sub)transaction, so a failure anywhere keeps none of them: the transaction (or the
/// subtransaction a ROLLBACK TO ends) aborts, as in PostgreSQL; commit writes them in one synced write batch, or, past
/// <see cref="CommitIngestion.MinimumRows"/> rows, as an ingest file that an <see cref="IngestPipeline"/> encodes chunk
/// by chunk while the next one is parsed.
/// </summary>
internal sealed class CopyFromTarget : ICopyIn
{
    /// <summary>Rows parsed before they are appended: large enough to amortise the append and the index inserts,
    /// small enough that the chunk's vectors (reused) stay in the CPU caches.</summary>
    internal const int ChunkRows = 8192;

    private readonly TableInfo _table;
    private readonly ColumnInfo[] _targets;
    private readonly CopyFieldKind[] _kinds;
    private readonly BoundExpr[] _defaults;
    private readonly int[] _unlisted;
    private readonly ColumnInfo[] _notNull;
    private readonly bool _hasForeignKeys;
    private readonly CopyTextParser _parser;
    private readonly ExecContext _ctx;
    private readonly TableWriter _writer;
    private readonly ColumnVector[] _chunk;
    private readonly Batch _chunkBatch;
    private readonly long[] _lines = new long[ChunkRows];
    private readonly Batch _empty = new([], 1);
    private int _count;
    private long _inserted;

    /// <summary>Chunks appended (first row id, count) before the COPY reached the ingestion threshold; null when the
    /// table is not durable or the pipeline has started.</summary>
    private List<(long First, int Count)>? _early;
    private IngestPipeline? _pipeline;

    public CopyFromTarget(Session session, TableInfo table, ColumnInfo[] targets, BoundExpr[] defaults, CopyOptions options)
    {
        _table = table;
        _targets = targets;
        _kinds = [.. targets.Select(CopyFieldReader.KindOf)];
        _defaults = defaults;
        Format = options.Format;
        _parser = new CopyTextParser(options, [.. targets.Select(t => t.Name)]);
        _ctx = session.NewExecContext([]);
        _writer = new TableWriter(table);
        var listed = new bool[table.Columns.Count];
        foreach (var target in targets)
        {
            listed[target.Slot] = true;
        }

        _unlisted = [.. Enumerable.Range(0, listed.Length).Where(c => !listed[c])];
        _notNull = [.. table.Columns.Where(c => c.NotNull && !c.IsDropped)];
        _hasForeignKeys = table.Constraints.Any(c => c.Kind == ConstraintKind.ForeignKey);
        _chunk = [.. table.Columns.Select(c => ColumnVector.Create(c.Type, ChunkRows, stored: true))];
        _chunkBatch = new Batch(_chunk, 0);
        _early = table.Data.Log is DurableStore ? [] : null;
    }

    public CopyFormat Format { get; }

    public int ColumnCount => _targets.Length;

    public void Write(ReadOnlySpan<byte> data)
    {
        try
        {
            try
            {
                _parser.Write(data);
            }
            catch (PgException ex)
            {
                throw WithContext(ex, _parser.FormatContext(_table.Name));
            }

            Drain();
        }
        catch
        {
            // The statement fails and keeps nothing: stop encoding rows nobody will commit.
            _pipeline?.Dispose();
            throw;
        }
    }

    public long Complete()
    {
        try
        {
            try
            {
                _parser.Complete();
            }
            catch (PgException ex)
            {
                throw WithContext(ex, _parser.FormatContext(_table.Name));
            }

            Drain();
            Flush();
        }
        catch
        {
            _pipeline?.Dispose();
            throw;
        }

        // Every row is encoded before the COPY ends (and with it its hold of the reclaim gate).
        _pipeline?.Wait();
        return _inserted;
    }

    public void Fail(string message)
    {
        _count = 0;
        _pipeline?.Dispose();
    }

    /// <summary>Converts every complete parsed row into the chunk, appending the chunk whenever it fills.</summary>
    private void Drain()
    {
        while (TryReadFields())
        {
            var row = _count;
            for (var i = 0; i < _unlisted.Length; i++)
            {
                var c = _unlisted[i];
                _chunk[c].SetValue(row, _defaults[c].Eval(_empty, 0, _ctx));
            }

            for (var i = 0; i < _targets.Length; i++)
            {
                var vector = _chunk[_targets[i].Slot];
                if (_parser.FieldIsNull(i))
                {
                    vector.SetNull(row);
                }
                else if (!CopyFieldReader.TryStore(_kinds[i], _parser.Field(i), vector, row))
                {
                    StoreGeneral(i, vector, row);
                }
            }

            _lines[row] = _parser.LineNumber;
            _count = row + 1;
            CheckRow(row);
            if (_count == ChunkRows)
            {
                _ctx.CheckInterrupts();
                Flush();
            }
        }
    }

    /// <summary>A field the fast path does not take: the type's input function, with PostgreSQL's CONTEXT on error.</summary>
    private void StoreGeneral(int target, ColumnVector vector, int row)
    {
        var col = _targets[target];
        var text = _parser.FieldText(target)!;
        try
        {
            vector.SetValue(row, ValueText.ApplyTypmod(col.Type, ValueText.Parse(col.Type, text, col.Typmod), col.Typmod, false));
        }
        catch (PgException ex)
        {
            throw WithContext(ex, _parser.FormatContext(_table.Name, col.Name, text));
        }
    }

    /// <summary>NOT NULL and CHECK of the row just read; a violation is reported by the writer's row check (its message and DETAIL).</summary>
    private void CheckRow(int row)
    {
        var failed = false;
        foreach (var col in _notNull)
        {
            failed |= _chunk[col.Slot].IsNull(row);
        }

        if (!failed && _table.BoundChecks.Count > 0)
        {
            SetChunkCount(_count);
            foreach (var (_, check) in _table.BoundChecks)
            {
                failed |= check.Eval(_chunkBatch, row, _ctx) is false;
            }
        }

        if (failed)
        {
            try
            {
                _writer.Check(RowAt(row), _ctx);
            }
            catch (PgException ex)
            {
                throw WithContext(ex, _parser.FormatContext(_table.Name));
            }
        }
    }

    /// <summary>Appends the chunk's rows in one block, then enters them into the unique indexes and checks foreign keys.</summary>
    private void Flush()
    {
        if (_count == 0)
        {
            return;
        }

        SetChunkCount(_count);
        var first = _table.Data.AppendRows(_chunk, _count, _ctx.WriteTxId);
        for (var r = 0; r < _count; r++)
        {
            try
            {
                foreach (var idx in _table.UniqueIndexes)
                {
                    if (idx.HasIntegerKey && TryIntegerKey(_chunk[idx.Constraint.Columns[0] - 1], r, out var integerKey))
                    {
                        // The common primary key: no key array and no boxed value per row.
                        if (idx.TryAdd(integerKey, first + r, _table, _ctx.TxManager, _ctx.OwnTxIds) is not null)
                        {
                            throw _writer.Duplicate(idx.Constraint, [_chunk[idx.Constraint.Columns[0] - 1].GetValue(r)]);
                        }

                        continue;
                    }

                    var key = new object?[idx.Constraint.Columns.Length];
                    for (var k = 0; k < key.Length; k++)
                    {
                        key[k] = _chunk[idx.Constraint.Columns[k] - 1].GetValue(r);
                    }

                    if (idx.TryAdd(key, first + r, _table, _ctx.TxManager, _ctx.WriteTxId, _ctx.OwnTxIds) is not null)
                    {
                        // The appended rows stay invisible: the failed statement aborts the writing transaction.
                        throw _writer.Duplicate(idx.Constraint, key);
                    }
                }
            }
            catch (PgException ex)
            {
                throw WithContext(ex, $"COPY {_table.Name}, line {_lines[r]}");
            }

            if (_hasForeignKeys)
            {
                // Foreign keys are checked as each row's trigger in PostgreSQL, without the COPY line.
                _writer.CheckReferences(RowAt(r), null, _ctx);
            }
        }

        _inserted += _count;
        Pipe(first, _count);
        _count = 0;
        foreach (var vector in _chunk)
        {
            vector.ClearNulls();
        }

        SetChunkCount(0);
    }

    /// <summary>Hands an appended chunk to the ingest pipeline, starting it (with the chunks before) once the COPY is
    /// large enough for its commit to go through ingestion.</summary>
    private void Pipe(long first, int count)
    {
        if (_pipeline is not null)
        {
            _pipeline.Add(first, count);
            return;
        }

        if (_early is null)
        {
            return;
        }

        _early.Add((first, count));
        if (_inserted >= CommitIngestion.MinimumRows)
        {
            _pipeline = ((DurableStore)_table.Data.Log!).StartIngestPipeline(_ctx.WriteTxId, _table.Data);
            if (_pipeline is not null)
            {
                foreach (var (f, n) in _early)
                {
                    _pipeline.Add(f, n);
                }
            }

            _early = null;
        }
    }

    /// <summary>Row <paramref name="row"/>'s value of an integer column as a long; false when NULL or not an integer vector.</summary>
    private static bool TryIntegerKey(ColumnVector vector, int row, out long key)
    {
        key = 0;
        if (vector.IsNull(row))
        {
            return false;
        }

        switch (vector)
        {
            case PrimitiveVector<long> longs:
                key = longs.Values[row];
                return true;
            case PrimitiveVector<int> ints:
                key = ints.Values[row];
                return true;
            case PrimitiveVector<short> shorts:
                key = shorts.Values[row];
                return true;
            default:
                return false;
        }
    }

    private void SetChunkCount(int count)
    {
        foreach (var vector in _chunk)
        {
            vector.Count = count;
        }

        _chunkBatch.RowCount = count;
    }

    /// <summary>Row <paramref name="row"/> of the chunk as values (the slow path of error messages and foreign keys).</summary>
    private object?[] RowAt(int row)
    {
        var values = new object?[_chunk.Length];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = _chunk[c].GetValue(row);
        }

        return values;
    }

    private bool TryReadFields()
    {
        try
        {
            return _parser.TryReadFields();
        }
        catch (PgException ex)
        {
            throw WithContext(ex, _parser.FormatContext(_table.Name));
        }
    }

    private static PgException WithContext(PgException ex, string context) => new(ex.SqlState, ex.Message, ex)
    {
        Detail = ex.Detail,
        Hint = ex.Hint,
        Where = context,
        SchemaName = ex.SchemaName,
        TableName = ex.TableName,
        ColumnName = ex.ColumnName,
        ConstraintName = ex.ConstraintName,
    };
}
