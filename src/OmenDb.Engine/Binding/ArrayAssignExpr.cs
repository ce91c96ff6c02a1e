using OmenDb.Common;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>
/// The new value of a one-dimensional array after <c>UPDATE ... SET col[i] = v</c> (PostgreSQL's array_set_element):
/// the element replaced, or the array extended with NULLs up to i on either side (a subscript below the lower bound
/// becomes the new lower bound); a NULL or empty array becomes <c>[i:i]={v}</c>.
/// </summary>
internal sealed class ArrayAssignExpr : BoundExpr
{
    public ArrayAssignExpr(BoundExpr array, BoundExpr index, BoundExpr value)
        : base(array.Type, array.Typmod)
    {
        Array = array;
        Index = index;
        Value = value;
    }

    public BoundExpr Array { get; }

    public BoundExpr Index { get; }

    public BoundExpr Value { get; }

    public override IEnumerable<BoundExpr> Children => [Array, Index, Value];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        if (Index.Eval(batch, row, ctx) is not int index)
        {
            throw new PgException(SqlState.NullValueNotAllowed, "array subscript in assignment must not be null");
        }

        var value = Value.Eval(batch, row, ctx);
        var element = Type.ElementType!;
        if (Array.Eval(batch, row, ctx) is not PgArray { Dimensions.Length: > 0 } arr)
        {
            return new PgArray(element, [value], [1], [index]);
        }

        if (arr.Dimensions.Length > 1)
        {
            throw new PgException(SqlState.ArraySubscriptError, "wrong number of array subscripts");
        }

        var lower = arr.LowerBounds[0];
        var upper = lower + arr.Dimensions[0] - 1;
        var newLower = Math.Min(lower, index);
        var newUpper = Math.Max(upper, index);
        if ((long)newUpper - newLower + 1 > 134_217_727)
        {
            throw new PgException(SqlState.ProgramLimitExceeded, "array size exceeds the maximum allowed (134217727)");
        }

        var elements = new object?[newUpper - newLower + 1];
        arr.Elements.CopyTo(elements, lower - newLower);
        elements[index - newLower] = value;
        return new PgArray(element, elements, [elements.Length], [newLower]);
    }

    public override string ToString() => $"{Array}[{Index}] := {Value}";
}
