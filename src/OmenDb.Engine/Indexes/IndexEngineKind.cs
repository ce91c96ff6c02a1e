namespace OmenDb.Engine.Indexes;

/// <summary>The primary-key index engines (<see cref="IIndexEngine"/>).</summary>
internal enum IndexEngineKind : byte
{
    /// <summary>Branch-free binary search over the sorted array: the reference every engine is measured against.</summary>
    BinarySearch,

    /// <summary>A static, cache-line-aligned B+-tree over the sorted keys (<see cref="BPlusTreeEngine"/>): the fallback.</summary>
    BTree,

    /// <summary>One linear model over all keys with its measured maximum error (<see cref="LinearModelEngine"/>).</summary>
    Linear,

    /// <summary>A PGM-style piecewise-linear index with a guaranteed error bound (<see cref="PgmEngine"/>).</summary>
    Pgm,
}
