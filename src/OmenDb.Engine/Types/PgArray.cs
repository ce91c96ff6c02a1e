namespace OmenDb.Engine.Types;

/// <summary>
/// An array value: elements in row-major order with PostgreSQL's dimensions and lower bounds
/// (usually one dimension with lower bound 1). Element values follow <see cref="PgTypeKind"/>; null
/// elements are <c>null</c>. Immutable once built.
/// </summary>
public sealed class PgArray
{
    /// <summary>Creates a one-dimensional array with lower bound 1 (an empty array has no dimensions).</summary>
    public PgArray(PgType elementType, object?[] elements)
    {
        ElementType = elementType;
        Elements = elements;
        Dimensions = elements.Length == 0 ? [] : [elements.Length];
        LowerBounds = elements.Length == 0 ? [] : [1];
    }

    /// <summary>Creates an array with explicit dimensions and lower bounds.</summary>
    public PgArray(PgType elementType, object?[] elements, int[] dimensions, int[] lowerBounds)
    {
        ElementType = elementType;
        Elements = elements;
        Dimensions = dimensions;
        LowerBounds = lowerBounds;
    }

    /// <summary>The element type (never an array type).</summary>
    public PgType ElementType { get; }

    /// <summary>Elements in row-major order.</summary>
    public object?[] Elements { get; }

    /// <summary>Length of each dimension; empty for an empty array.</summary>
    public int[] Dimensions { get; }

    /// <summary>Lower bound of each dimension.</summary>
    public int[] LowerBounds { get; }

    /// <summary>Whether any element is null.</summary>
    public bool HasNulls => Array.IndexOf(Elements, null) >= 0;
}
