using OmenDb.Common;
using OmenDb.Engine.Functions;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// A call with named arguments (make_interval(days => 3)): positional arguments first, then each name placed at its
    /// parameter; parameters left out take their defaults (PostgreSQL's named and mixed notation, docs 4.3).
    /// </summary>
    private BoundExpr BindNamedArgumentCall(FunctionCall f, string name, Scope scope)
    {
        var bound = f.Args.Select(a => BindExpr(a is NamedArgExpr n ? n.Value : a, scope)).ToArray();
        foreach (var fn in BuiltinFunctions.Lookup(name))
        {
            if (fn.ArgNames is not { } names || TryPlaceArguments(f, bound, fn, names) is not { } args)
            {
                continue;
            }

            var coerced = new BoundExpr[args.Length];
            for (var i = 0; i < args.Length; i++)
            {
                if (!TypeResolution.CanCoerce(args[i].Type, fn.ArgTypes[i], CastContext.Implicit))
                {
                    coerced = null;
                    break;
                }

                coerced[i] = Coerce(args[i], fn.ArgTypes[i], -1, CastContext.Implicit);
            }

            if (coerced is not null)
            {
                return MakeCall(name, fn.Invoke, coerced, fn.ReturnType, fn.Strict, fn.Volatility != Volatility.Immutable, false);
            }
        }

        var signature = string.Join(", ", f.Args.Select((a, i) => a is NamedArgExpr n ? $"{n.Name} => {bound[i].Type.SqlName}" : bound[i].Type.SqlName));
        throw Error(SqlState.UndefinedFunction, $"function {name}({signature}) does not exist", f,
            "No function matches the given name and argument types. You might need to add explicit type casts.");
    }

    /// <summary>The arguments in parameter order up to the last one given, defaults filling the gaps; null when the
    /// names do not fit this overload.</summary>
    private static BoundExpr[]? TryPlaceArguments(FunctionCall f, BoundExpr[] bound, FunctionOverload fn, string[] names)
    {
        var slots = new BoundExpr?[names.Length];
        for (var i = 0; i < f.Args.Count; i++)
        {
            var index = f.Args[i] is NamedArgExpr n ? Array.IndexOf(names, n.Name) : i;
            if (index < 0 || index >= slots.Length || slots[index] is not null)
            {
                return null;
            }

            slots[index] = bound[i];
        }

        var count = fn.MinArgs < 0 ? slots.Length : Math.Max(fn.MinArgs, Array.FindLastIndex(slots, s => s is not null) + 1);
        var args = new BoundExpr[count];
        for (var k = 0; k < count; k++)
        {
            if (slots[k] is { } given)
            {
                args[k] = given;
            }
            else if (fn.ArgDefaults is { } defaults && k < defaults.Length && defaults[k] is { } d)
            {
                args[k] = new ConstExpr(d, fn.ArgTypes[k]);
            }
            else
            {
                return null;
            }
        }

        return args;
    }
}
