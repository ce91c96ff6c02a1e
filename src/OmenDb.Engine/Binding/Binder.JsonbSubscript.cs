using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Functions.Json;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

// jsonb subscripting, doc['a'][0] (PostgreSQL docs 8.14.5): each subscript is an integer or text (unknown literals are
// text), no slices; the result is jsonb, fetched as #> fetches a path, null when the path does not exist.
internal sealed partial class Binder
{
    private JsonbSubscriptExpr BindJsonbSubscript(BoundExpr operand, List<Sql.Ast.SubscriptExpr> chain, Scope scope)
    {
        var path = new BoundExpr[chain.Count];
        for (var i = 0; i < chain.Count; i++)
        {
            var s = chain[i];
            if (s.IsSlice || s.Lower is null)
            {
                throw Error(SqlState.DatatypeMismatch, "jsonb subscript does not support slices", (SqlNode?)s.Upper ?? s);
            }

            path[i] = BindJsonbSubscriptValue(s.Lower, scope);
        }

        return new JsonbSubscriptExpr(operand, path);
    }

    /// <summary><c>SET doc['a'][0] = value</c> on a jsonb column: the column's new value computed from its current one.</summary>
    private JsonbAssignExpr BindJsonbAssignment(BoundExpr current, ColumnInfo col, Sql.Ast.SubscriptExpr target, Expr value, Scope scope)
    {
        var chain = new List<Sql.Ast.SubscriptExpr>();
        Expr cur = target;
        while (cur is Sql.Ast.SubscriptExpr sub)
        {
            chain.Insert(0, sub);
            cur = sub.Operand;
        }

        if (cur is not ColumnRef || value is Sql.Ast.DefaultExpr)
        {
            throw Error(SqlState.FeatureNotSupported,
                "only SET column[subscript]... = value is supported as an assignment with indirection", target);
        }

        var path = BindJsonbSubscript(current, chain, scope).Path;
        var bound = BindExpr(value, scope);
        if (bound.Type != PgTypes.Jsonb && bound.Type != PgTypes.Unknown)
        {
            throw Error(SqlState.DatatypeMismatch,
                $"subscripted assignment to \"{col.Name}\" requires type jsonb but expression is of type {bound.Type.SqlName}", cur,
                "You will need to rewrite or cast the expression.");
        }

        return new JsonbAssignExpr(current, path, Coerce(bound, PgTypes.Jsonb, -1, CastContext.Assignment));
    }

    /// <summary>A subscript coerced to int4 or text, whichever it implicitly casts to (jsonb_subscript_transform).</summary>
    private BoundExpr BindJsonbSubscriptValue(Expr subscript, Scope scope)
    {
        var value = BindExpr(subscript, scope);
        if (value.Type == PgTypes.Unknown || (value.Type.Kind == PgTypeKind.Text && value.Type != PgTypes.JsonPath))
        {
            return Coerce(value, PgTypes.Text, -1, CastContext.Implicit);
        }

        if (value.Type.Kind is PgTypeKind.Int16 or PgTypeKind.Int32)
        {
            return Coerce(value, PgTypes.Int4, -1, CastContext.Implicit);
        }

        throw Error(SqlState.DatatypeMismatch, $"subscript type {value.Type.SqlName} is not supported", subscript,
            "jsonb subscript must be coercible to either integer or text.");
    }
}

/// <summary>The new value of a jsonb column after <c>SET col[...] = value</c>.</summary>
internal sealed class JsonbAssignExpr : BoundExpr
{
    public JsonbAssignExpr(BoundExpr current, BoundExpr[] path, BoundExpr value)
        : base(PgTypes.Jsonb)
    {
        Current = current;
        Path = path;
        Value = value;
    }

    public BoundExpr Current { get; }

    public BoundExpr[] Path { get; }

    public BoundExpr Value { get; }

    public override IEnumerable<BoundExpr> Children => [Current, .. Path, Value];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var steps = JsonbSubscriptExpr.Steps(Path, batch, row, ctx)
            ?? throw new PgException(SqlState.NullValueNotAllowed, "jsonb subscript in assignment must not be null");
        return JsonFunctions.AssignPath((string?)Current.Eval(batch, row, ctx), steps, Path[0].Type == PgTypes.Int4,
            (string?)Value.Eval(batch, row, ctx));
    }

    public override string ToString() => $"{Current}[...] := {Value}";
}

/// <summary>jsonb[subscript]...: the value at that path, or null.</summary>
internal sealed class JsonbSubscriptExpr : BoundExpr
{
    public JsonbSubscriptExpr(BoundExpr operand, BoundExpr[] path)
        : base(PgTypes.Jsonb)
    {
        Operand = operand;
        Path = path;
    }

    public BoundExpr Operand { get; }

    /// <summary>The subscripts, each int4 or text.</summary>
    public BoundExpr[] Path { get; }

    public override IEnumerable<BoundExpr> Children => [Operand, .. Path];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        if (Operand.Eval(batch, row, ctx) is not string jsonb)
        {
            return null;
        }

        return Steps(Path, batch, row, ctx) is { } steps ? JsonFunctions.FetchPath(jsonb, steps) : null;
    }

    /// <summary>The subscripts' values as path steps (integers as their text), or null when one is null.</summary>
    internal static string[]? Steps(BoundExpr[] path, Batch batch, int row, ExecContext ctx)
    {
        var steps = new string[path.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            switch (path[i].Eval(batch, row, ctx))
            {
                case null:
                    return null;
                case int n:
                    steps[i] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case var v:
                    steps[i] = (string)v;
                    break;
            }
        }

        return steps;
    }

    public override string ToString() => $"{Operand}[{string.Join("][", Path.Select(p => p.ToString()))}]";
}
