using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

// Set-returning functions in a select list (SELECT generate_series(1, 3), unnest(tags) ...): each call binds
// to a column that a ProjectSet node appends to the level's input, run in lockstep per input row.
internal sealed partial class Binder
{
    /// <summary>Binds a select-list call of a set-returning function, or returns null when no overload matches.</summary>
    private SetFunctionResultExpr? BindTargetSetFunction(string name, List<BoundExpr> args, List<SetFunctionResultExpr> calls)
    {
        var srfs = BuiltinFunctions.LookupSetReturning(name);
        var resolved = TypeResolution.Choose(srfs, [.. args.Select(a => a.Type)], s => s.ArgTypes,
            s => s.Columns.Length == 1 ? s.Columns[0].Type : PgTypes.Record);
        if (resolved is null)
        {
            return null;
        }

        var fn = resolved.Candidate;
        if (fn.Columns.Length != 1)
        {
            throw new Common.PgException(Common.SqlState.FeatureNotSupported,
                $"set-returning function {name}() with several output columns is only supported in FROM");
        }

        var coerced = args.Select((a, i) => Coerce(a, resolved.ArgTypes[i], -1, CastContext.Implicit)).ToArray();
        var result = new SetFunctionResultExpr(new SetFunctionCall(fn, coerced, resolved.ReturnType));
        calls.Add(result);
        return result;
    }

    /// <summary>A ProjectSet over <paramref name="input"/> for the select list's set-returning calls (their columns follow the input's).</summary>
    private static PlanNode AddSetFunctions(PlanNode input, List<SetFunctionResultExpr> calls)
    {
        if (calls.Count == 0)
        {
            return input;
        }

        var width = input.Columns.Count;
        for (var i = 0; i < calls.Count; i++)
        {
            calls[i].Column = width + i;
        }

        return new ProjectSetNode(input, [.. calls.Select(c => c.Call)]);
    }
}
