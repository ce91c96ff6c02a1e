using System.Buffers;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Copy;

/// <summary>COPY ... TO STDOUT: runs the plan and hands out one formatted line per row (header first when asked).</summary>
internal sealed class CopyToSource : ICopyOut
{
    private readonly OperatorState _state;
    private readonly ExecContext _ctx;
    private readonly IReadOnlyList<ResultColumn> _columns;
    private readonly CopyOptions _options;
    private readonly ArrayBufferWriter<byte> _line = new();
    private readonly string?[] _fields;
    private Columnar.Batch? _batch;
    private int _next;
    private bool _headerPending;
    private bool _done;

    public CopyToSource(PlanNode plan, ExecContext ctx, CopyOptions options)
    {
        _columns = plan.Columns;
        _ctx = ctx;
        _options = options;
        _fields = new string?[_columns.Count];
        _headerPending = options.Header != CopyHeader.None;
        _state = plan.Open(ctx);
    }

    public CopyFormat Format => _options.Format;

    public int ColumnCount => _columns.Count;

    public long RowCount { get; private set; }

    public bool TryReadRow(out ReadOnlyMemory<byte> row)
    {
        _line.ResetWrittenCount();
        if (_headerPending)
        {
            _headerPending = false;
            CopyTextFormatter.WriteHeader(_line, [.. _columns.Select(c => c.Name)], _options);
            row = _line.WrittenMemory;
            return true;
        }

        while (!_done && (_batch is null || _next >= _batch.LiveCount))
        {
            _batch = _state.Next();
            _next = 0;
            if (_batch is null)
            {
                _done = true;
                _state.Close();
            }
        }

        if (_done)
        {
            row = default;
            return false;
        }

        var phys = _batch!.RowAt(_next++);
        for (var c = 0; c < _fields.Length; c++)
        {
            var v = _batch.Columns[c].GetValue(phys);
            _fields[c] = v is null ? null : ValueText.Format(_columns[c].Type, v, _ctx.Eval.TimeZone);
        }

        CopyTextFormatter.WriteRow(_line, _fields, _options);
        RowCount++;
        row = _line.WrittenMemory;
        return true;
    }
}
