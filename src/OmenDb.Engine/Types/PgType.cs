namespace OmenDb.Engine.Types;

/// <summary>
/// A PostgreSQL data type as pg_type describes it. Instances are unique per OID (compare by reference).
/// Built-in types live in <see cref="PgTypes"/>; the vector extension type is registered there too.
/// </summary>
public sealed class PgType
{
    internal PgType(uint oid, string name, PgTypeKind kind, short length, char category, bool preferred = false,
        string? sqlName = null, string ioPrefix = "", char typType = 'b')
    {
        Oid = oid;
        Name = name;
        Kind = kind;
        Length = length;
        Category = category;
        IsPreferred = preferred;
        SqlName = sqlName ?? name;
        IoPrefix = ioPrefix.Length == 0 ? name : ioPrefix;
        TypType = typType;
    }

    /// <summary>pg_type.oid.</summary>
    public uint Oid { get; }

    /// <summary>pg_type.typname, e.g. "int4", "_int4".</summary>
    public string Name { get; }

    /// <summary>The name format_type prints, e.g. "integer", "character varying", "integer[]".</summary>
    public string SqlName { get; }

    /// <summary>In-memory representation.</summary>
    public PgTypeKind Kind { get; }

    /// <summary>pg_type.typlen: bytes for fixed-width types, -1 for varlena, -2 for C strings.</summary>
    public short Length { get; }

    /// <summary>pg_type.typcategory (B, N, S, D, T, U, A, X, P, ...), used by implicit-cast resolution.</summary>
    public char Category { get; }

    /// <summary>pg_type.typispreferred.</summary>
    public bool IsPreferred { get; }

    /// <summary>pg_type.typtype: b base, p pseudo, c composite.</summary>
    public char TypType { get; }

    /// <summary>Prefix of the I/O function names ("int4" → int4in/int4out/int4recv/int4send; arrays use "array").</summary>
    public string IoPrefix { get; }

    /// <summary>For an array type, its element type; otherwise null.</summary>
    public PgType? ElementType { get; internal set; }

    /// <summary>The array type whose elements are this type, or null.</summary>
    public PgType? ArrayType { get; internal set; }

    /// <summary>pg_type.typbyval.</summary>
    public bool ByValue => Length is > 0 and <= 8;

    /// <summary>Whether this is an array type.</summary>
    public bool IsArray => Kind == PgTypeKind.Array;

    /// <summary>pg_type.typelem (0 when not an array).</summary>
    public uint ElementOid => ElementType?.Oid ?? 0;

    /// <summary>pg_type.typarray (0 when there is none).</summary>
    public uint ArrayOid => ArrayType?.Oid ?? 0;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
