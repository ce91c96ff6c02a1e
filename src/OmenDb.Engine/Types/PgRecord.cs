namespace OmenDb.Engine.Types;

/// <summary>An anonymous record value, ROW(...): field types and values (text form "(1,abc)").</summary>
/// <param name="FieldTypes">The type of each field.</param>
/// <param name="Values">The value of each field (null for SQL NULL).</param>
public sealed record PgRecord(PgType[] FieldTypes, object?[] Values);
