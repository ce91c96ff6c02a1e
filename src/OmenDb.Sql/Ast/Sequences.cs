namespace OmenDb.Sql.Ast;

/// <summary>Kind of a sequence option.</summary>
public enum SequenceOptionKind
{
    /// <summary>AS type.</summary>
    As,
    /// <summary>INCREMENT [BY] n.</summary>
    Increment,
    /// <summary>MINVALUE n.</summary>
    MinValue,
    /// <summary>NO MINVALUE.</summary>
    NoMinValue,
    /// <summary>MAXVALUE n.</summary>
    MaxValue,
    /// <summary>NO MAXVALUE.</summary>
    NoMaxValue,
    /// <summary>START [WITH] n.</summary>
    Start,
    /// <summary>RESTART [[WITH] n] (Value null: restart at start value).</summary>
    Restart,
    /// <summary>CACHE n.</summary>
    Cache,
    /// <summary>CYCLE.</summary>
    Cycle,
    /// <summary>NO CYCLE.</summary>
    NoCycle,
    /// <summary>OWNED BY table.column (OwnedBy) or OWNED BY NONE (OwnedBy null).</summary>
    OwnedBy,
    /// <summary>SEQUENCE NAME name (identity columns only).</summary>
    SequenceName,
}

/// <summary>
/// A sequence option. <see cref="Value"/> holds the number as written with its sign ("-1", "9223372036854775807").
/// </summary>
public sealed record SequenceOption(SequenceOptionKind Kind) : SqlNode
{
    /// <summary>Signed numeric text for INCREMENT/MINVALUE/MAXVALUE/START/RESTART/CACHE.</summary>
    public string? Value { get; init; }

    /// <summary>Type of AS type.</summary>
    public TypeName? Type { get; init; }

    /// <summary>OWNED BY table.column, or SEQUENCE NAME name; null for OWNED BY NONE.</summary>
    public QualifiedName? Name { get; init; }
}

/// <summary><c>CREATE [TEMP] SEQUENCE [IF NOT EXISTS] name [options]</c>.</summary>
public sealed record CreateSequenceStatement(QualifiedName Name, IReadOnlyList<SequenceOption> Options) : Statement
{
    /// <summary>TEMP.</summary>
    public bool Temporary { get; init; }

    /// <summary>IF NOT EXISTS.</summary>
    public bool IfNotExists { get; init; }
}

/// <summary><c>ALTER SEQUENCE [IF EXISTS] name options</c>.</summary>
public sealed record AlterSequenceStatement(QualifiedName Name, IReadOnlyList<SequenceOption> Options) : Statement
{
    /// <summary>IF EXISTS.</summary>
    public bool IfExists { get; init; }
}
