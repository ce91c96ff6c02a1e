using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Copy;

/// <summary>
/// COPY table FROM STDIN: parses CopyData as it arrives into full physical rows (defaults for columns not listed)
/// and inserts them in chunks of <see cref="ChunkRows"/> through the same <see cref="ModifyTableNode"/> as INSERT, so
/// constraints hold. The rows are written by the statement's (sub)transaction, so a failure anywhere keeps none of
/// them: the transaction (or the subtransaction a ROLLBACK TO ends) aborts, as in PostgreSQL. Errors carry
/// PostgreSQL's CONTEXT line (<c>COPY t, line 3: "..."</c>).
/// </summary>
internal sealed class CopyFromTarget : ICopyIn
{
    private readonly Session _session;
    private readonly TableInfo _table;
    private readonly ColumnInfo[] _targets;
    private readonly BoundExpr[] _defaults;
    private readonly CopyTextParser _parser;
    private readonly ExecContext _ctx;
    /// <summary>Rows parsed before they are inserted: large enough to amortise the insert, small enough that the
    /// parsed rows die young instead of piling up for the whole load.</summary>
    internal const int ChunkRows = 8192;

    private readonly List<object?[]> _rows = [];
    private readonly Batch _empty = new([], 1);
    private readonly bool[] _listed;
    private readonly ModifyTableNode _insert;
    private long _inserted;

    public CopyFromTarget(Session session, TableInfo table, ColumnInfo[] targets, BoundExpr[] defaults, CopyOptions options)
    {
        _session = session;
        _table = table;
        _targets = targets;
        _defaults = defaults;
        Format = options.Format;
        _parser = new CopyTextParser(options, [.. targets.Select(t => t.Name)]);
        _ctx = session.NewExecContext([]);
        _listed = new bool[table.Columns.Count];
        foreach (var target in targets)
        {
            _listed[target.Slot] = true;
        }

        _insert = new ModifyTableNode(ModifyKind.Insert, _table,
            new RowsNode([.. _table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod))], _rows), null, []);
    }

    public CopyFormat Format { get; }

    public int ColumnCount => _targets.Length;

    public void Write(ReadOnlySpan<byte> data)
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

    public long Complete()
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
        return _inserted;
    }

    /// <summary>Inserts the parsed rows.</summary>
    private void Flush()
    {
        if (_rows.Count == 0)
        {
            return;
        }

        _insert.Open(_ctx).Close();
        _inserted += _ctx.RowsAffected;
        _rows.Clear();
    }

    public void Fail(string message) => _rows.Clear();

    /// <summary>Converts every complete parsed row to typed values.</summary>
    private void Drain()
    {
        while (TryReadRow(out var fields))
        {
            var row = new object?[_table.Columns.Count];
            for (var c = 0; c < row.Length; c++)
            {
                if (!_listed[c])
                {
                    row[c] = _defaults[c].Eval(_empty, 0, _ctx);
                }
            }

            for (var i = 0; i < _targets.Length; i++)
            {
                var col = _targets[i];
                var text = fields[i];
                try
                {
                    row[col.Slot] = text is null ? null : ValueText.ApplyTypmod(col.Type, ValueText.Parse(col.Type, text, col.Typmod), col.Typmod, false);
                }
                catch (PgException ex)
                {
                    throw WithContext(ex, _parser.FormatContext(_table.Name, col.Name, text));
                }
            }

            _rows.Add(row);
            if (_rows.Count == ChunkRows)
            {
                _ctx.CheckInterrupts();
                Flush();
            }
        }
    }

    private bool TryReadRow(out string?[] fields)
    {
        try
        {
            var more = _parser.TryReadRow(out var read);
            fields = read!;
            return more;
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
