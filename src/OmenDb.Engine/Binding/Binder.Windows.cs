using OmenDb.Common;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

// Window function calls: f(args) OVER (PARTITION BY ... ORDER BY ... frame) or OVER name (PostgreSQL docs 4.2.8,
// 9.22). A call binds to a WindowResultExpr reading a column that the level's WindowNode appends.
internal sealed partial class Binder
{
    private BoundExpr BindWindowCall(FunctionCall f, Scope scope)
    {
        var win = scope.Windows ?? throw Error(SqlState.WindowingError, "window functions are not allowed here", f);
        if (win.InsideWindow)
        {
            throw Error(SqlState.WindowingError, "window function calls cannot be nested", f);
        }

        var name = f.Name.Name;
        var spec = ResolveWindowSpec(f.Over!, win);
        BoundExpr[] partition;
        SortKey[] order;
        WindowFrameSpec frame;
        List<BoundExpr> args;
        BoundExpr? filter;
        win.InsideWindow = true;
        try
        {
            partition = [.. spec.PartitionBy.Select(p => ResolveUnknown(BindExpr(p, scope)))];
            order = [.. spec.OrderBy.Select(o => BindSortKey(o, scope))];
            frame = BindFrame(spec.Frame, order, scope);
            args = [.. f.Args.Select(a => BindExpr(a is NamedArgExpr n ? n.Value : a, scope))];
            filter = f.Filter is null ? null : CoerceToBool(BindExpr(f.Filter, scope), "FILTER", f.Filter);
        }
        finally
        {
            win.InsideWindow = false;
        }

        var clause = new WindowClause(partition, order);
        var call = BindWindowFunction(f, name, args, filter, clause, frame);
        var result = new WindowResultExpr(call);
        win.Calls.Add(result);
        return result;
    }

    private WindowCall BindWindowFunction(FunctionCall f, string name, List<BoundExpr> args, BoundExpr? filter, WindowClause clause,
        WindowFrameSpec frame)
    {
        var kind = name switch
        {
            "row_number" => WindowFunctionKind.RowNumber,
            "rank" => WindowFunctionKind.Rank,
            "dense_rank" => WindowFunctionKind.DenseRank,
            "percent_rank" => WindowFunctionKind.PercentRank,
            "cume_dist" => WindowFunctionKind.CumeDist,
            "ntile" => WindowFunctionKind.Ntile,
            "lag" => WindowFunctionKind.Lag,
            "lead" => WindowFunctionKind.Lead,
            "first_value" => WindowFunctionKind.FirstValue,
            "last_value" => WindowFunctionKind.LastValue,
            "nth_value" => WindowFunctionKind.NthValue,
            _ => WindowFunctionKind.Aggregate,
        };
        if (kind == WindowFunctionKind.Aggregate)
        {
            return BindWindowAggregate(f, name, args, filter, clause, frame);
        }

        if (filter is not null)
        {
            throw Error(SqlState.WrongObjectType, "FILTER is not implemented for non-aggregate window functions", f);
        }

        PgType[]? signature = (kind, args.Count) switch
        {
            (WindowFunctionKind.RowNumber or WindowFunctionKind.Rank or WindowFunctionKind.DenseRank
                or WindowFunctionKind.PercentRank or WindowFunctionKind.CumeDist, 0) => [],
            (WindowFunctionKind.Ntile, 1) => [PgTypes.Int4],
            (WindowFunctionKind.Lag or WindowFunctionKind.Lead, 1) => [Value(args[0])],
            (WindowFunctionKind.Lag or WindowFunctionKind.Lead, 2) => [Value(args[0]), PgTypes.Int4],
            (WindowFunctionKind.Lag or WindowFunctionKind.Lead, 3) => Compatible(args[0], args[2]),
            (WindowFunctionKind.FirstValue or WindowFunctionKind.LastValue, 1) => [Value(args[0])],
            (WindowFunctionKind.NthValue, 2) => [Value(args[0]), PgTypes.Int4],
            _ => null,
        };
        if (signature is null || f.Star)
        {
            throw Error(SqlState.UndefinedFunction,
                $"function {name}({string.Join(", ", args.Select(a => a.Type.SqlName))}) does not exist", f,
                "No function matches the given name and argument types. You might need to add explicit type casts.");
        }

        var coerced = args.Select((a, i) => Coerce(a, signature[i], -1, CastContext.Implicit)).ToArray();
        var result = kind switch
        {
            WindowFunctionKind.RowNumber or WindowFunctionKind.Rank or WindowFunctionKind.DenseRank => PgTypes.Int8,
            WindowFunctionKind.PercentRank or WindowFunctionKind.CumeDist => PgTypes.Float8,
            WindowFunctionKind.Ntile => PgTypes.Int4,
            _ => signature[0],
        };
        return new WindowCall(name, kind, coerced, result, clause, frame);

        PgType Value(BoundExpr e) => ResolveUnknown(e).Type;

        PgType[] Compatible(BoundExpr value, BoundExpr fallback)
        {
            var t = TypeResolution.CommonType([value.Type, fallback.Type], "lag");
            return [t, PgTypes.Int4, t];
        }
    }

    private WindowCall BindWindowAggregate(FunctionCall f, string name, List<BoundExpr> args, BoundExpr? filter, WindowClause clause,
        WindowFrameSpec frame)
    {
        var overloads = BuiltinFunctions.LookupAggregate(name);
        if (overloads.Count == 0)
        {
            if (BuiltinFunctions.Lookup(name).Count > 0)
            {
                throw Error(SqlState.WrongObjectType, $"OVER specified, but {name} is not a window function nor an aggregate function", f);
            }

            throw Error(SqlState.UndefinedFunction,
                $"function {name}({string.Join(", ", args.Select(a => a.Type.SqlName))}) does not exist", f,
                "No function matches the given name and argument types. You might need to add explicit type casts.");
        }

        if (f.Distinct)
        {
            throw Error(SqlState.FeatureNotSupported, "DISTINCT is not implemented for window functions", f);
        }

        if (f.OrderBy.Count > 0 || f.WithinGroup)
        {
            throw Error(SqlState.FeatureNotSupported, "aggregate ORDER BY is not implemented for window functions", f);
        }

        var actual = args.Select(a => a.Type).ToArray();
        var resolved = TypeResolution.Choose(overloads, actual, o => o.ArgTypes, o => o.ReturnType);
        if (resolved is null || resolved.Candidate.OrderedSet)
        {
            throw Error(SqlState.UndefinedFunction,
                $"function {name}({string.Join(", ", actual.Select(t => t.SqlName))}) does not exist", f,
                "No function matches the given name and argument types. You might need to add explicit type casts.");
        }

        var coerced = args.Select((a, i) => Coerce(a, resolved.ArgTypes[i] == PgTypes.Any ? ResolveUnknown(a).Type : resolved.ArgTypes[i], -1,
            CastContext.Implicit)).ToArray();
        return new WindowCall(name, WindowFunctionKind.Aggregate, coerced, resolved.ReturnType, clause, frame)
        {
            Aggregate = resolved.Candidate,
            Filter = filter,
        };
    }

    /// <summary>OVER name / OVER (name ...): the named WINDOW definition, possibly extended by ORDER BY and a frame.</summary>
    private static WindowSpec ResolveWindowSpec(WindowSpec spec, WindowContext win)
    {
        if (spec.RefName is not { } name)
        {
            return spec;
        }

        var def = win.Definitions.FirstOrDefault(d => d.Name == name)
            ?? throw Error(SqlState.UndefinedObject, $"window \"{name}\" does not exist", spec);
        var baseSpec = ResolveWindowSpec(def.Spec, win);
        if (spec.IsBareName)
        {
            return baseSpec;
        }

        if (spec.PartitionBy.Count > 0)
        {
            throw Error(SqlState.WindowingError, $"cannot override PARTITION BY clause of window \"{name}\"", spec);
        }

        if (spec.OrderBy.Count > 0 && baseSpec.OrderBy.Count > 0)
        {
            throw Error(SqlState.WindowingError, $"cannot override ORDER BY clause of window \"{name}\"", spec);
        }

        if (baseSpec.Frame is not null)
        {
            throw Error(SqlState.WindowingError, $"cannot copy window \"{name}\" because it has a frame clause", spec);
        }

        return new WindowSpec(null, baseSpec.PartitionBy, spec.OrderBy.Count > 0 ? spec.OrderBy : baseSpec.OrderBy, spec.Frame)
        {
            Position = spec.Position,
        };
    }

    private WindowFrameSpec BindFrame(WindowFrame? frame, SortKey[] order, Scope scope)
    {
        if (frame is null)
        {
            return WindowFrameSpec.Default;
        }

        var endAst = frame.End ?? new FrameBound(FrameBoundKind.CurrentRow, null) { Position = frame.Position };
        var (s, e) = (frame.Start.Kind, endAst.Kind);
        var problem = (s, e) switch
        {
            (FrameBoundKind.UnboundedFollowing, _) => "frame start cannot be UNBOUNDED FOLLOWING",
            (_, FrameBoundKind.UnboundedPreceding) => "frame end cannot be UNBOUNDED PRECEDING",
            (FrameBoundKind.CurrentRow, FrameBoundKind.Preceding) => "frame starting from current row cannot have preceding rows",
            (FrameBoundKind.Following, FrameBoundKind.Preceding or FrameBoundKind.CurrentRow) => "frame starting from following row cannot have preceding rows",
            _ => null,
        };
        if (problem is not null)
        {
            throw Error(SqlState.WindowingError, problem, frame);
        }

        var hasOffset = frame.Start.Offset is not null || endAst.Offset is not null;
        if (frame.Mode == FrameMode.Range && hasOffset && order.Length != 1)
        {
            throw Error(SqlState.WindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column", frame);
        }

        if (frame.Mode == FrameMode.Groups && order.Length == 0)
        {
            throw Error(SqlState.WindowingError, "GROUPS mode requires an ORDER BY clause", frame);
        }

        return new WindowFrameSpec(frame.Mode, BindFrameBound(frame.Start, frame.Mode, order, scope),
            BindFrameBound(endAst, frame.Mode, order, scope), frame.Exclusion);
    }

    private WindowFrameBound BindFrameBound(FrameBound bound, FrameMode mode, SortKey[] order, Scope scope)
    {
        if (bound.Offset is null)
        {
            return new WindowFrameBound(bound.Kind, null);
        }

        var offset = BindExpr(bound.Offset, scope);
        if (!offset.IsConstant && offset is not ParamExpr)
        {
            throw Error(SqlState.InvalidColumnReference, $"argument of {mode.ToString().ToUpperInvariant()} must not contain variables", bound.Offset);
        }

        if (mode != FrameMode.Range)
        {
            return new WindowFrameBound(bound.Kind, Coerce(offset, PgTypes.Int8, -1, CastContext.Implicit));
        }

        // RANGE: the offset moves an ORDER BY value, so key +/- offset must exist and stay in the key's type.
        var keyType = order[0].Expr.Type;
        var offsetType = keyType.Kind is PgTypeKind.Date or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz
            ? PgTypes.Interval
            : keyType;
        var add = BuiltinFunctions.LookupOperator("+").FirstOrDefault(o => o.Left == keyType && o.Right == offsetType && o.Result == keyType);
        var sub = BuiltinFunctions.LookupOperator("-").FirstOrDefault(o => o.Left == keyType && o.Right == offsetType && o.Result == keyType);
        if (add is null || sub is null)
        {
            throw Error(SqlState.FeatureNotSupported,
                $"RANGE with offset PRECEDING/FOLLOWING is not supported for column type {keyType.SqlName} and offset type {offset.Type.SqlName}",
                bound.Offset);
        }

        return new WindowFrameBound(bound.Kind, Coerce(offset, offsetType, -1, CastContext.Implicit)) { Add = add.Invoke, Subtract = sub.Invoke };
    }
}
