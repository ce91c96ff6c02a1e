using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// GROUP BY with aggregates, by hashing the group key. Output: the group key columns, then one column per
/// aggregate. Without GROUP BY (<see cref="GroupKeys"/> empty) it yields exactly one row, even for no input.
/// Groups come out in first-seen order.
/// </summary>
internal sealed class HashAggregateNode : PlanNode
{
    public HashAggregateNode(PlanNode input, BoundExpr[] groupKeys, AggregateCall[] aggregates, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Input = input;
        GroupKeys = groupKeys;
        Aggregates = aggregates;
        EstimatedRows = groupKeys.Length == 0 ? 1 : Math.Max(1, input.EstimatedRows / 10);
        Vectorized = Execution.Vectorized.VectorAggregate.TryCreate(groupKeys, aggregates);
    }

    public PlanNode Input { get; }

    public BoundExpr[] GroupKeys { get; }

    public AggregateCall[] Aggregates { get; }

    /// <summary>The typed, batch-at-a-time execution of this aggregation, or null when it needs the row path.</summary>
    private Execution.Vectorized.VectorAggregate? Vectorized { get; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => GroupKeys.Length == 0 ? "Aggregate" : "HashAggregate";

    public override IEnumerable<string> ExplainDetails => GroupKeys.Length == 0 ? [] : [$"Group Key: {string.Join(", ", GroupKeys.Select(k => k.ToString()))}"];

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        if (Vectorized is not null)
        {
            return Vectorized.Execute(Input, Columns, ctx);
        }

        var keyTypes = GroupKeys.Select(k => k.Type).ToArray();
        var groups = new Dictionary<object?[], Group>(new RowEqualityComparer(keyTypes));
        var order = new List<(object?[] Key, Group Group)>();
        var input = Input.Open(ctx);
        try
        {
            while (input.Next() is { } batch)
            {
                ctx.CheckInterrupts();
                Accumulate(batch, ctx, groups, order);
            }
        }
        finally
        {
            input.Close();
        }

        if (GroupKeys.Length == 0 && order.Count == 0)
        {
            var g = NewGroup(ctx, new Batch([], 1), 0);
            order.Add(([], g));
        }

        var rows = new List<object?[]>(order.Count);
        foreach (var (key, group) in order)
        {
            var row = new object?[GroupKeys.Length + Aggregates.Length];
            key.CopyTo(row, 0);
            for (var a = 0; a < Aggregates.Length; a++)
            {
                row[GroupKeys.Length + a] = group.Finish(a, Aggregates[a], ctx);
            }

            rows.Add(row);
        }

        return new MaterializedRowsState(Columns, rows);
    }

    private void Accumulate(Batch batch, ExecContext ctx, Dictionary<object?[], Group> groups, List<(object?[] Key, Group Group)> order)
    {
        var n = batch.LiveCount;
        var keyVectors = GroupKeys.Select(k => k.EvalBatch(batch, ctx)).ToArray();
        var argVectors = Aggregates.Select(a => a.Args.Select(x => x.EvalBatch(batch, ctx)).ToArray()).ToArray();
        var filterVectors = Aggregates.Select(a => a.Filter?.EvalBatch(batch, ctx)).ToArray();
        var orderVectors = Aggregates.Select(a => a.OrderBy.Select(k => k.Expr.EvalBatch(batch, ctx)).ToArray()).ToArray();
        var probe = new object?[GroupKeys.Length];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < probe.Length; k++)
            {
                probe[k] = keyVectors[k].GetValue(i);
            }

            if (!groups.TryGetValue(probe, out var group))
            {
                var key = (object?[])probe.Clone();
                group = NewGroup(ctx, batch, batch.RowAt(i));
                groups[key] = group;
                order.Add((key, group));
                ctx.CheckMemory(groups.Count);
            }

            for (var a = 0; a < Aggregates.Length; a++)
            {
                if (filterVectors[a] is { } f && (f.IsNull(i) || !(bool)f.GetValue(i)!))
                {
                    continue;
                }

                var args = new object?[argVectors[a].Length + orderVectors[a].Length];
                var hasNull = false;
                for (var x = 0; x < argVectors[a].Length; x++)
                {
                    args[x] = argVectors[a][x].GetValue(i);
                    hasNull |= args[x] is null;
                }

                for (var x = 0; x < orderVectors[a].Length; x++)
                {
                    args[argVectors[a].Length + x] = orderVectors[a][x].GetValue(i);
                }

                var agg = Aggregates[a];
                if (hasNull && agg.Function.Strict && !agg.Function.OrderedSet)
                {
                    continue;
                }

                group.Add(a, agg, args, ctx);
            }
        }
    }

    private Group NewGroup(ExecContext ctx, Batch batch, int row)
    {
        var g = new Group(Aggregates.Length);
        for (var a = 0; a < Aggregates.Length; a++)
        {
            g.States[a] = Aggregates[a].CreateState();
            if (Aggregates[a].Distinct || Aggregates[a].OrderBy.Length > 0)
            {
                g.Buffered[a] = [];
            }

            if (Aggregates[a].DirectArgs.Length > 0)
            {
                g.Direct[a] = Aggregates[a].DirectArgs.Select(d => d.Eval(batch, row, ctx)).ToArray();
            }
        }

        return g;
    }

    private sealed class Group
    {
        public Group(int n)
        {
            States = new IAggregateState[n];
            Buffered = new List<object?[]>?[n];
            Direct = new object?[]?[n];
        }

        public IAggregateState[] States { get; }

        public List<object?[]>?[] Buffered { get; }

        public object?[]?[] Direct { get; }

        public void Add(int a, AggregateCall agg, object?[] args, ExecContext ctx)
        {
            if (Buffered[a] is { } buffer)
            {
                buffer.Add(args);
                return;
            }

            States[a].Add(Direct[a] is { } d ? [.. d, .. args] : args, ctx.Eval);
        }

        public object? Finish(int a, AggregateCall agg, ExecContext ctx)
        {
            if (Buffered[a] is { } buffer)
            {
                var argCount = agg.Args.Length;
                IEnumerable<object?[]> rows = buffer;
                if (agg.Distinct)
                {
                    var types = agg.Args.Select(x => x.Type).ToArray();
                    var seen = new HashSet<object?[]>(new RowEqualityComparer(types));
                    rows = buffer.Where(r => seen.Add(r[..argCount]));
                }

                var list = rows.ToList();
                if (agg.OrderBy.Length > 0)
                {
                    SortNode.StableSort(list, new RowKeyComparer(agg.OrderBy, argCount));
                }
                else if (agg.Distinct)
                {
                    // DISTINCT without ORDER BY: PostgreSQL sorts the input to remove duplicates.
                    var keys = agg.Args.Select(x => new SortKey(x, false, false)).ToArray();
                    SortNode.StableSort(list, new RowKeyComparer(keys, 0));
                }

                foreach (var r in list)
                {
                    var args = r[..argCount];
                    States[a].Add(Direct[a] is { } d ? [.. d, .. args] : args, ctx.Eval);
                }
            }

            return States[a].Result(ctx.Eval);
        }
    }
}
