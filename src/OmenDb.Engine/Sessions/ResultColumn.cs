using OmenDb.Engine.Types;

namespace OmenDb.Engine.Sessions;

/// <summary>One field of a RowDescription.</summary>
/// <param name="Name">The column label.</param>
/// <param name="Type">The column's type.</param>
/// <param name="TypeModifier">pg_attribute.atttypmod style modifier, -1 when none.</param>
/// <param name="TableOid">OID of the source table when the column is a plain table column, else 0.</param>
/// <param name="ColumnNumber">Attribute number in that table, else 0.</param>
public sealed record ResultColumn(string Name, PgType Type, int TypeModifier = -1, uint TableOid = 0, short ColumnNumber = 0);
