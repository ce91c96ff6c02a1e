using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.PgCatalog;

/// <summary>
/// A pg_catalog or information_schema relation computed from the engine's catalog when a statement scans it.
/// Columns are PostgreSQL 15's (names, order and types); a few types we do not have are carried as text
/// (aclitem[] as text[], pg_lsn, inet, ...). Rows come from <see cref="SystemTables"/>' producer for the table.
/// </summary>
internal sealed class SystemTable
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Every column's neutral value (the boxes are immutable, so rows share them).</summary>
    private readonly object?[] _neutralRow;

    public SystemTable(string schema, string name, uint oid, char relKind, string columnSpec)
    {
        Schema = schema;
        Name = name;
        Oid = oid;
        RelKind = relKind;
        var columns = new List<ResultColumn>();
        foreach (var part in columnSpec.Split(','))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var colName = part[..colon];
            _index[colName] = columns.Count;
            columns.Add(new ResultColumn(colName, MapType(part[(colon + 1)..]), -1, oid, (short)(columns.Count + 1)));
        }

        Columns = columns;
        _neutralRow = [.. columns.Select(c => Neutral(c.Type))];
    }

    /// <summary>pg_catalog or information_schema.</summary>
    public string Schema { get; }

    public string Name { get; }

    /// <summary>pg_class.oid (PostgreSQL 15's).</summary>
    public uint Oid { get; }

    /// <summary>'r' for catalog tables, 'v' for system views.</summary>
    public char RelKind { get; }

    public IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>The row producer (empty when PostgreSQL would have rows we never have, e.g. pg_policy).</summary>
    public Func<CatalogReader, SystemTable, IEnumerable<object?[]>> Rows { get; set; } = static (_, _) => [];

    /// <summary>
    /// The rows as batches per catalog version, for relations computed only from the catalog objects of the database
    /// (not from the session, its settings or table contents); null when every scan computes them.
    /// </summary>
    public SystemTableCache? Cache { get; set; }

    /// <summary>
    /// A row with the named values; other columns get a neutral value (0, false, or NULL for text and arrays).
    /// Values are converted to the column's representation (an int for an int2 column becomes a short, a char a string).
    /// </summary>
    public object?[] Row(params (string Column, object? Value)[] values)
    {
        var row = (object?[])_neutralRow.Clone();

        foreach (var (column, value) in values)
        {
            var i = _index[column];
            row[i] = Normalize(Columns[i].Type, value);
        }

        return row;
    }

    private static object? Neutral(PgType type) => type.Kind switch
    {
        PgTypeKind.Bool => false,
        PgTypeKind.Int16 => (short)0,
        PgTypeKind.Int32 => 0,
        PgTypeKind.Int64 => 0L,
        PgTypeKind.Float32 => 0f,
        PgTypeKind.Float64 => 0d,
        PgTypeKind.Oid => 0u,
        _ => null,
    };

    private static object? Normalize(PgType type, object? value) => value switch
    {
        null => null,
        char c => c == '\0' ? "" : c.ToString(),
        int i when type.Kind == PgTypeKind.Int16 => (short)i,
        int i when type.Kind == PgTypeKind.Oid => (uint)i,
        int i when type.Kind == PgTypeKind.Int64 => (long)i,
        int i when type.Kind == PgTypeKind.Float32 => (float)i,
        double d when type.Kind == PgTypeKind.Float32 => (float)d,
        long l when type.Kind == PgTypeKind.Int32 => (int)l,
        short s when type.Kind == PgTypeKind.Int32 => (int)s,
        string[] strings => new PgArray(type.ElementType ?? PgTypes.Text, [.. strings]),
        uint[] oids => new PgArray(PgTypes.Oid, [.. oids.Select(o => (object?)o)]),
        short[] shorts => new PgArray(PgTypes.Int2, [.. shorts.Select(s => (object?)s)]),
        _ => value,
    };

    private static PgType MapType(string name) => name switch
    {
        "oid" => PgTypes.Oid,
        "boolean" => PgTypes.Bool,
        "text" => PgTypes.Text,
        "name" => PgTypes.Name,
        "bigint" => PgTypes.Int8,
        "char" => PgTypes.Char,
        "integer" => PgTypes.Int4,
        "smallint" => PgTypes.Int2,
        "real" => PgTypes.Float4,
        "double precision" => PgTypes.Float8,
        "regproc" => PgTypes.Regproc,
        "regtype" => PgTypes.Regtype,
        "xid" => PgTypes.Xid,
        "pg_node_tree" => PgTypes.PgNodeTree,
        "timestamp with time zone" => PgTypes.TimestampTz,
        "interval" => PgTypes.Interval,
        "bytea" => PgTypes.Bytea,
        "character varying" => PgTypes.Varchar,
        "int2vector" => PgTypes.Int2Vector,
        "oidvector" => PgTypes.OidVector,
        "oid[]" => PgTypes.Oid.ArrayType!,
        "smallint[]" => PgTypes.Int2.ArrayType!,
        "char[]" => PgTypes.Char.ArrayType!,
        "regtype[]" => PgTypes.Regtype.ArrayType!,
        "text[]" or "aclitem[]" => PgTypes.Text.ArrayType!,
        _ => PgTypes.Text,
    };
}
