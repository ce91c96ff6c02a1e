namespace OmenDb.Storage.Encoding;

/// <summary>What a <see cref="RowDecoder"/> found for one column.</summary>
public enum RowFieldState : byte
{
    /// <summary>The row stores a value for the column.</summary>
    Present,

    /// <summary>The row stores NULL for the column.</summary>
    Null,

    /// <summary>
    /// The row predates the column (written before ALTER TABLE ADD COLUMN): the caller substitutes the column's
    /// default as of when it was added, as PostgreSQL does with <c>attmissingval</c>.
    /// </summary>
    Absent,
}
