namespace OmenDb.Sql.Ast;

/// <summary>Interval field restriction (<c>INTERVAL DAY TO SECOND</c>); combined ranges have their own member.</summary>
public enum IntervalFields
{
    /// <summary>No field restriction written.</summary>
    None,
    /// <summary>YEAR.</summary>
    Year,
    /// <summary>MONTH.</summary>
    Month,
    /// <summary>DAY.</summary>
    Day,
    /// <summary>HOUR.</summary>
    Hour,
    /// <summary>MINUTE.</summary>
    Minute,
    /// <summary>SECOND.</summary>
    Second,
    /// <summary>YEAR TO MONTH.</summary>
    YearToMonth,
    /// <summary>DAY TO HOUR.</summary>
    DayToHour,
    /// <summary>DAY TO MINUTE.</summary>
    DayToMinute,
    /// <summary>DAY TO SECOND.</summary>
    DayToSecond,
    /// <summary>HOUR TO MINUTE.</summary>
    HourToMinute,
    /// <summary>HOUR TO SECOND.</summary>
    HourToSecond,
    /// <summary>MINUTE TO SECOND.</summary>
    MinuteToSecond,
}

/// <summary>
/// A type reference. <see cref="Names"/> is the (possibly schema-qualified) name with SQL-standard spellings
/// normalised to PostgreSQL's internal names: int/integer→int4, smallint→int2, bigint→int8, real→float4,
/// float/double precision→float8 (float(p): p&lt;=24→float4), decimal/dec→numeric, boolean→bool,
/// character varying/varchar→varchar, char/character→bpchar (without length: typmod 1 is added),
/// "char"→char (quoted, the one-byte type), bit varying→varbit, bit (no length→bit(1)),
/// timestamp [without time zone]→timestamp, timestamp with time zone→timestamptz, time [without time zone]→time,
/// time with time zone→timetz, interval→interval (fields in <see cref="IntervalFields"/>).
/// serial/bigserial/smallserial are kept as written for the binder. Names written by the user (text, int8,
/// vector, pg_catalog.regclass) pass through folded.
/// </summary>
public sealed record TypeName(IReadOnlyList<string> Names) : SqlNode
{
    /// <summary>Type modifiers as written: <c>varchar(10)</c> → [10], <c>numeric(10,2)</c> → [10, 2], interval precision.</summary>
    public IReadOnlyList<Expr> Modifiers { get; init; } = [];

    /// <summary>One entry per array dimension (<c>int[]</c> → [-1], <c>int[3][]</c> → [3, -1]; <c>int ARRAY</c> → [-1]).</summary>
    public IReadOnlyList<int> ArrayBounds { get; init; } = [];

    /// <summary>Field restriction of an interval type.</summary>
    public IntervalFields IntervalFields { get; init; }

    /// <summary>True when the SQL spelling was a keyword form mapped to pg_catalog (int, varchar, timestamp with time zone...).</summary>
    public bool IsSystemSpelling { get; init; }

    /// <summary>The type's own name (last part), e.g. "int4".</summary>
    public string Name => Names[^1];

    /// <summary>Schema of a qualified name, else null.</summary>
    public string? Schema => Names.Count > 1 ? Names[^2] : null;

    /// <summary>True when this is an array type.</summary>
    public bool IsArray => ArrayBounds.Count > 0;
}
