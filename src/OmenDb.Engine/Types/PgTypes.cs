using System.Collections.Frozen;

namespace OmenDb.Engine.Types;

/// <summary>
/// The built-in types with PostgreSQL 15's OIDs, names, lengths and categories, plus their array types.
/// Lookup by OID and by name (typname or SQL spelling) is a frozen dictionary read.
/// </summary>
public static class PgTypes
{
    /// <summary>OID of pgvector's <c>vector</c> type here: user-range (≥ 16384) as for an extension type.</summary>
    public const uint VectorOid = 16385;

#pragma warning disable CS1591 // one line per type: the name says it
    public static readonly PgType Bool = new(16, "bool", PgTypeKind.Bool, 1, 'B', preferred: true, sqlName: "boolean", ioPrefix: "bool");
    public static readonly PgType Bytea = new(17, "bytea", PgTypeKind.Bytea, -1, 'U');
    public static readonly PgType Char = new(18, "char", PgTypeKind.Text, 1, 'Z', sqlName: "\"char\"");
    public static readonly PgType Name = new(19, "name", PgTypeKind.Text, 64, 'S');
    public static readonly PgType Int8 = new(20, "int8", PgTypeKind.Int64, 8, 'N', sqlName: "bigint");
    public static readonly PgType Int2 = new(21, "int2", PgTypeKind.Int16, 2, 'N', sqlName: "smallint");
    public static readonly PgType Int2Vector = new(22, "int2vector", PgTypeKind.Array, -1, 'A');
    public static readonly PgType Int4 = new(23, "int4", PgTypeKind.Int32, 4, 'N', sqlName: "integer");
    public static readonly PgType Regproc = new(24, "regproc", PgTypeKind.Oid, 4, 'N');
    public static readonly PgType Text = new(25, "text", PgTypeKind.Text, -1, 'S', preferred: true);
    public static readonly PgType Oid = new(26, "oid", PgTypeKind.Oid, 4, 'N', preferred: true);
    public static readonly PgType Xid = new(28, "xid", PgTypeKind.Oid, 4, 'U');
    public static readonly PgType Cid = new(29, "cid", PgTypeKind.Oid, 4, 'U');
    public static readonly PgType OidVector = new(30, "oidvector", PgTypeKind.Array, -1, 'A');
    public static readonly PgType Json = new(114, "json", PgTypeKind.Json, -1, 'U');
    public static readonly PgType PgNodeTree = new(194, "pg_node_tree", PgTypeKind.Text, -1, 'Z');
    public static readonly PgType Money = new(790, "money", PgTypeKind.Int64, 8, 'N');
    public static readonly PgType Float4 = new(700, "float4", PgTypeKind.Float32, 4, 'N', sqlName: "real");
    public static readonly PgType Float8 = new(701, "float8", PgTypeKind.Float64, 8, 'N', preferred: true, sqlName: "double precision");
    public static readonly PgType Unknown = new(705, "unknown", PgTypeKind.Unknown, -2, 'X', typType: 'p');
    public static readonly PgType Bpchar = new(1042, "bpchar", PgTypeKind.Text, -1, 'S', sqlName: "character");
    public static readonly PgType Varchar = new(1043, "varchar", PgTypeKind.Text, -1, 'S', sqlName: "character varying");
    public static readonly PgType Date = new(1082, "date", PgTypeKind.Date, 4, 'D');
    public static readonly PgType Time = new(1083, "time", PgTypeKind.Time, 8, 'D', sqlName: "time without time zone");
    public static readonly PgType Timestamp = new(1114, "timestamp", PgTypeKind.Timestamp, 8, 'D', sqlName: "timestamp without time zone");
    public static readonly PgType TimestampTz = new(1184, "timestamptz", PgTypeKind.TimestampTz, 8, 'D', preferred: true, sqlName: "timestamp with time zone");
    public static readonly PgType Interval = new(1186, "interval", PgTypeKind.Interval, 16, 'T', preferred: true);
    public static readonly PgType Numeric = new(1700, "numeric", PgTypeKind.Numeric, -1, 'N');
    public static readonly PgType Regprocedure = new(2202, "regprocedure", PgTypeKind.Oid, 4, 'N');
    public static readonly PgType Regoper = new(2203, "regoper", PgTypeKind.Oid, 4, 'N');
    public static readonly PgType Regclass = new(2205, "regclass", PgTypeKind.Oid, 4, 'N');
    public static readonly PgType Regtype = new(2206, "regtype", PgTypeKind.Oid, 4, 'N');
    public static readonly PgType Uuid = new(2950, "uuid", PgTypeKind.Uuid, 16, 'U');
    public static readonly PgType Jsonb = new(3802, "jsonb", PgTypeKind.Jsonb, -1, 'U');
    public static readonly PgType JsonPath = new(4072, "jsonpath", PgTypeKind.Text, -1, 'U'); // held as its normalised text
    public static readonly PgType Regnamespace = new(4089, "regnamespace", PgTypeKind.Oid, 4, 'N');
    public static readonly PgType Regrole = new(4096, "regrole", PgTypeKind.Oid, 4, 'N');
    public static readonly PgType Vector = new(VectorOid, "vector", PgTypeKind.Vector, -1, 'U', ioPrefix: "vector");

    // Pseudo types (function signatures only).
    public static readonly PgType Record = new(2249, "record", PgTypeKind.Record, -1, 'P', typType: 'p');
    public static readonly PgType Cstring = new(2275, "cstring", PgTypeKind.Text, -2, 'P', typType: 'p');
    public static readonly PgType Any = new(2276, "any", PgTypeKind.Pseudo, 4, 'P', sqlName: "\"any\"", typType: 'p');
    public static readonly PgType AnyArray = new(2277, "anyarray", PgTypeKind.Pseudo, -1, 'P', typType: 'p');
    public static readonly PgType Void = new(2278, "void", PgTypeKind.Void, 4, 'P', typType: 'p');
    public static readonly PgType Trigger = new(2279, "trigger", PgTypeKind.Pseudo, 4, 'P', typType: 'p');
    public static readonly PgType AnyElement = new(2283, "anyelement", PgTypeKind.Pseudo, 4, 'P', typType: 'p');
    public static readonly PgType AnyNonArray = new(2776, "anynonarray", PgTypeKind.Pseudo, 4, 'P', typType: 'p');
    public static readonly PgType AnyCompatible = new(5077, "anycompatible", PgTypeKind.Pseudo, 4, 'P', typType: 'p');
    public static readonly PgType AnyCompatibleArray = new(5078, "anycompatiblearray", PgTypeKind.Pseudo, -1, 'P', typType: 'p');
#pragma warning restore CS1591

    private static readonly List<PgType> s_all = [];
    private static readonly FrozenDictionary<uint, PgType> s_byOid;
    private static readonly FrozenDictionary<string, PgType> s_byName;

    static PgTypes()
    {
        PgType[] scalars =
        [
            Bool, Bytea, Char, Name, Int8, Int2, Int2Vector, Int4, Regproc, Text, Oid, Xid, Cid, OidVector, Json, PgNodeTree,
            Float4, Float8, Money, Unknown, Bpchar, Varchar, Date, Time, Timestamp, TimestampTz, Interval, Numeric, Regprocedure,
            Regoper, Regclass, Regtype, Uuid, Jsonb, JsonPath, Regnamespace, Regrole, Vector,
            Record, Cstring, Any, AnyArray, Void, Trigger, AnyElement, AnyNonArray, AnyCompatible, AnyCompatibleArray,
        ];
        s_all.AddRange(scalars);
        Int2Vector.ElementType = Int2;
        OidVector.ElementType = Oid;

        // Array types with PostgreSQL's OIDs (pg_type.dat).
        (PgType Element, uint ArrayOid)[] arrays =
        [
            (Bool, 1000), (Bytea, 1001), (Char, 1002), (Name, 1003), (Int2, 1005), (Int2Vector, 1006), (Int4, 1007),
            (Regproc, 1008), (Text, 1009), (Oid, 1028), (Xid, 1011), (Cid, 1012), (OidVector, 1013), (Bpchar, 1014),
            (Varchar, 1015), (Int8, 1016), (Money, 791), (Float4, 1021), (Float8, 1022), (Json, 199), (Date, 1182), (Time, 1183),
            (Timestamp, 1115), (TimestampTz, 1185), (Interval, 1187), (Numeric, 1231), (Regprocedure, 2207),
            (Regoper, 2208), (Regclass, 2210), (Regtype, 2211), (Uuid, 2951), (Jsonb, 3807), (JsonPath, 4073), (Regnamespace, 4090),
            (Regrole, 4097), (Record, 2287), (Cstring, 1263), (Vector, VectorOid + 1),
        ];
        foreach (var (element, arrayOid) in arrays)
        {
            var array = new PgType(arrayOid, "_" + element.Name, PgTypeKind.Array, -1, 'A', sqlName: element.SqlName + "[]",
                ioPrefix: "array") { ElementType = element };
            element.ArrayType = array;
            s_all.Add(array);
        }

        s_byOid = s_all.ToFrozenDictionary(t => t.Oid);
        var byName = new Dictionary<string, PgType>(StringComparer.Ordinal);
        foreach (var t in s_all)
        {
            byName[t.Name] = t;
        }

        // SQL spellings the grammar and format_type use.
        (string Alias, PgType Type)[] aliases =
        [
            ("boolean", Bool), ("smallint", Int2), ("integer", Int4), ("int", Int4), ("bigint", Int8), ("real", Float4),
            ("float", Float8), ("double precision", Float8), ("decimal", Numeric), ("character varying", Varchar),
            ("character", Bpchar), ("char", Bpchar), ("time without time zone", Time),
            ("timestamp without time zone", Timestamp), ("timestamp with time zone", TimestampTz),
            ("serial", Int4), ("bigserial", Int8), ("smallserial", Int2), ("serial4", Int4), ("serial8", Int8), ("serial2", Int2),
            ("\"char\"", Char),
        ];
        foreach (var (alias, type) in aliases)
        {
            byName.TryAdd(alias, type);
        }

        s_byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every built-in type, scalars first then arrays.</summary>
    public static IReadOnlyList<PgType> All => s_all;

    /// <summary>The type with this OID, or null.</summary>
    public static PgType? FromOid(uint oid) => s_byOid.GetValueOrDefault(oid);

    /// <summary>The type with this pg_type name or SQL spelling (lower case), or null. Note: "char" maps to bpchar as in SQL.</summary>
    public static PgType? FromName(string name) => s_byName.GetValueOrDefault(name);

    /// <summary>Whether the type is a pseudo type (only valid in function signatures).</summary>
    public static bool IsPseudo(PgType type) => type.TypType == 'p' && type != Unknown;
}
