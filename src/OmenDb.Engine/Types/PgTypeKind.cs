namespace OmenDb.Engine.Types;

/// <summary>
/// How values of a type are held in memory. Every value that crosses a layer boundary as <c>object</c>
/// has exactly the CLR type listed here (nulls are <c>null</c>); columnar vectors hold the unboxed form.
/// </summary>
public enum PgTypeKind : byte
{
    /// <summary>bool → <see cref="bool"/>.</summary>
    Bool,
    /// <summary>int2 → <see cref="short"/>.</summary>
    Int16,
    /// <summary>int4 → <see cref="int"/>.</summary>
    Int32,
    /// <summary>int8 → <see cref="long"/>.</summary>
    Int64,
    /// <summary>float4 → <see cref="float"/>.</summary>
    Float32,
    /// <summary>float8 → <see cref="double"/>.</summary>
    Float64,
    /// <summary>numeric → <see cref="decimal"/> (28 significant digits; scale kept in the decimal).</summary>
    Numeric,
    /// <summary>text, varchar, bpchar, name, "char" → <see cref="string"/>.</summary>
    Text,
    /// <summary>bytea → <see cref="byte"/>[].</summary>
    Bytea,
    /// <summary>date → <see cref="int"/> days since 2000-01-01 (PostgreSQL's epoch); int.MinValue/MaxValue are -infinity/infinity.</summary>
    Date,
    /// <summary>time → <see cref="long"/> microseconds since midnight.</summary>
    Time,
    /// <summary>timestamp → <see cref="long"/> microseconds since 2000-01-01 00:00; long.MinValue/MaxValue are -infinity/infinity.</summary>
    Timestamp,
    /// <summary>timestamptz → <see cref="long"/> microseconds since 2000-01-01 00:00 UTC.</summary>
    TimestampTz,
    /// <summary>interval → <see cref="PgInterval"/>.</summary>
    Interval,
    /// <summary>uuid → <see cref="Guid"/>.</summary>
    Uuid,
    /// <summary>json → <see cref="string"/> (the input text, verbatim).</summary>
    Json,
    /// <summary>jsonb → <see cref="string"/> in jsonb's canonical output form.</summary>
    Jsonb,
    /// <summary>oid, regclass, regproc, regtype, regnamespace... → <see cref="uint"/>.</summary>
    Oid,
    /// <summary>Any array type → <see cref="PgArray"/>.</summary>
    Array,
    /// <summary>pgvector's vector → <see cref="float"/>[].</summary>
    Vector,
    /// <summary>record / composite → <see cref="PgRecord"/>.</summary>
    Record,
    /// <summary>unknown-typed literals → <see cref="string"/>.</summary>
    Unknown,
    /// <summary>void → always null.</summary>
    Void,
    /// <summary>Pseudo types (any, anyelement, anyarray...) used only in function signatures.</summary>
    Pseudo,
}
