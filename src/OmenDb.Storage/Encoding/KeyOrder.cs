namespace OmenDb.Storage.Encoding;

/// <summary>
/// The sort direction and NULL placement of one key column, with PostgreSQL's defaults as the plain names: ASC
/// means NULLS LAST and DESC means NULLS FIRST (CREATE INDEX, "Indexes and ORDER BY").
/// </summary>
public enum KeyOrder : byte
{
    /// <summary>ASC NULLS LAST (PostgreSQL's default).</summary>
    Ascending = 0,

    /// <summary>ASC NULLS FIRST.</summary>
    AscendingNullsFirst = 1,

    /// <summary>DESC NULLS FIRST (PostgreSQL's default for DESC).</summary>
    Descending = 2,

    /// <summary>DESC NULLS LAST.</summary>
    DescendingNullsLast = 3,
}
