namespace OmenDb.Engine.Types;

/// <summary>A record value, ROW(...) or a whole-row reference: field types and values (text form "(1,abc)").</summary>
/// <param name="FieldTypes">The type of each field.</param>
/// <param name="Values">The value of each field (null for SQL NULL).</param>
/// <param name="FieldNames">The field names of a whole-row reference (row_to_json prints them); null means f1, f2, ...</param>
public sealed record PgRecord(PgType[] FieldTypes, object?[] Values, string[]? FieldNames = null)
{
    /// <summary>The name of field <paramref name="index"/> (0-based): its column name, else f1, f2, ... as in PostgreSQL.</summary>
    public string FieldName(int index)
        => FieldNames?[index] ?? "f" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
