namespace OmenDb.Engine.Transactions;

/// <summary>PostgreSQL's table lock modes, weakest first (the values are PostgreSQL's lock mode numbers).</summary>
internal enum TableLockMode : byte
{
    AccessShare = 1,
    RowShare = 2,
    RowExclusive = 3,
    ShareUpdateExclusive = 4,
    Share = 5,
    ShareRowExclusive = 6,
    Exclusive = 7,
    AccessExclusive = 8,
}
