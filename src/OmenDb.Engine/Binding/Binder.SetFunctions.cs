using OmenDb.Common;
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
        if (fn.ReturnsRecord)
        {
            throw new PgException(SqlState.FeatureNotSupported, $"could not determine row type for result of {name}")
            {
                Position = NoPosition,
                Hint = "Provide a non-null record argument, or call the function in the FROM clause using a column definition list.",
            };
        }

        var coerced = args.Select((a, i) => Coerce(a, resolved.ArgTypes[i], -1, CastContext.Implicit)).ToArray();
        if (fn.Columns.Length == 1)
        {
            var single = new SetFunctionResultExpr(new SetFunctionCall(fn, coerced, resolved.ReturnType));
            calls.Add(single);
            return single;
        }

        // Several output columns: each row is one record value, whose fields (expr).name can select.
        var fields = fn.Columns.Select(c => (c.Name, ResolvePolymorphicColumn(c.Type, coerced))).ToArray();
        var call = new SetFunctionCall(fn, coerced, PgTypes.Record) { RecordFields = [.. fields.Select(f => f.Item2)] };
        var result = new SetFunctionResultExpr(call) { Typmod = RecordDescriptors.Register(fields) };
        calls.Add(result);
        return result;
    }

    /// <summary>An output column's type with anyelement / anyarray replaced by what the arguments make of it.</summary>
    private static PgType ResolvePolymorphicColumn(PgType type, IReadOnlyList<BoundExpr> args)
    {
        if (type != PgTypes.AnyElement && type != PgTypes.AnyArray)
        {
            return type;
        }

        foreach (var a in args)
        {
            if (a.Type.Kind == PgTypeKind.Array && a.Type.ElementType is { } element)
            {
                return type == PgTypes.AnyElement ? element : a.Type;
            }
        }

        return PgTypes.Text;
    }

    /// <summary>(expr).field on a record whose shape is known when bound (see <see cref="RecordDescriptors"/>).</summary>
    private BoundExpr BindFieldSelect(Sql.Ast.FieldSelectExpr fs, Scope scope)
    {
        var operand = BindExpr(fs.Operand, scope);
        if (fs.Field is null)
        {
            throw Error(SqlState.FeatureNotSupported, "row expansion via \"*\" is not supported here", fs);
        }

        if (operand.Type.Kind != PgTypeKind.Record)
        {
            throw Error(SqlState.WrongObjectType,
                $"column notation .{fs.Field} applied to type {operand.Type.SqlName}, which is not a composite type", fs);
        }

        // ROW(...) fields are f1, f2, ... as in PostgreSQL.
        var fields = operand is RowExpr { FieldNames: null } row ? [.. row.Fields.Select((f, i) => ($"f{i + 1}", f.Type))]
            : operand.Typmod >= 0 ? RecordDescriptors.Find(operand.Typmod) : null;
        var index = fields is null ? -1 : Array.FindIndex(fields, f => f.Name == fs.Field);
        if (index < 0)
        {
            throw Error(SqlState.UndefinedColumn, $"could not identify column \"{fs.Field}\" in record data type", fs);
        }

        return new FieldSelectExpr(operand, index, fields![index].Type);
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
