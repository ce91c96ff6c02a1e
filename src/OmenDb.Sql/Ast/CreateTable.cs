namespace OmenDb.Sql.Ast;

/// <summary>ON COMMIT behaviour of a temporary table.</summary>
public enum OnCommitAction
{
    /// <summary>Not written.</summary>
    None,
    /// <summary>ON COMMIT PRESERVE ROWS.</summary>
    PreserveRows,
    /// <summary>ON COMMIT DELETE ROWS.</summary>
    DeleteRows,
    /// <summary>ON COMMIT DROP.</summary>
    Drop,
}

/// <summary>
/// <c>CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] name (elements) [WITH (options)] [ON COMMIT ...] [TABLESPACE t]</c>.
/// Elements are <see cref="ColumnDef"/>s, table-level <see cref="Constraint"/>s and <see cref="TableLikeClause"/>s.
/// </summary>
public sealed record CreateTableStatement(QualifiedName Name, IReadOnlyList<TableElement> Elements) : Statement
{
    /// <summary>TEMP / TEMPORARY (LOCAL/GLOBAL accepted).</summary>
    public bool Temporary { get; init; }

    /// <summary>UNLOGGED.</summary>
    public bool Unlogged { get; init; }

    /// <summary>IF NOT EXISTS.</summary>
    public bool IfNotExists { get; init; }

    /// <summary>WITH (storage parameters).</summary>
    public IReadOnlyList<DefElem> Options { get; init; } = [];

    /// <summary>ON COMMIT action.</summary>
    public OnCommitAction OnCommit { get; init; }

    /// <summary>TABLESPACE name.</summary>
    public string? Tablespace { get; init; }

    /// <summary>PARTITION BY RANGE|LIST|HASH (keys): this is a partitioned table.</summary>
    public PartitionSpec? PartitionBy { get; init; }

    /// <summary>PARTITION OF parent: this is a partition (Elements may then hold only constraints / column options).</summary>
    public QualifiedName? PartitionOf { get; init; }

    /// <summary>FOR VALUES ... / DEFAULT of a partition.</summary>
    public PartitionBound? Bound { get; init; }
}

/// <summary><c>PARTITION BY strategy (keys)</c>; Strategy is lower case: range, list or hash.</summary>
public sealed record PartitionSpec(string Strategy, IReadOnlyList<IndexElement> Keys) : SqlNode;

/// <summary>Kind of partition bound.</summary>
public enum PartitionBoundKind
{
    /// <summary>DEFAULT.</summary>
    Default,
    /// <summary>FOR VALUES IN (...).</summary>
    List,
    /// <summary>FOR VALUES FROM (...) TO (...); MINVALUE / MAXVALUE appear as ColumnRefs named minvalue / maxvalue.</summary>
    Range,
    /// <summary>FOR VALUES WITH (MODULUS m, REMAINDER r).</summary>
    Hash,
}

/// <summary>A partition bound specification.</summary>
public sealed record PartitionBound(PartitionBoundKind Kind) : SqlNode
{
    /// <summary>IN list values.</summary>
    public IReadOnlyList<Expr> Values { get; init; } = [];

    /// <summary>Range lower bound.</summary>
    public IReadOnlyList<Expr> From { get; init; } = [];

    /// <summary>Range upper bound.</summary>
    public IReadOnlyList<Expr> To { get; init; } = [];

    /// <summary>Hash modulus.</summary>
    public int Modulus { get; init; }

    /// <summary>Hash remainder.</summary>
    public int Remainder { get; init; }
}

/// <summary>
/// <c>CREATE [TEMP] TABLE [IF NOT EXISTS] name [(cols)] [WITH (...)] AS query [WITH [NO] DATA]</c>; also SELECT ... INTO
/// is reported as a SelectStatement with <see cref="SelectCore.Into"/>.
/// </summary>
public sealed record CreateTableAsStatement(QualifiedName Name, IReadOnlyList<string> Columns, SelectStatement Query) : Statement
{
    /// <summary>TEMP.</summary>
    public bool Temporary { get; init; }

    /// <summary>UNLOGGED.</summary>
    public bool Unlogged { get; init; }

    /// <summary>IF NOT EXISTS.</summary>
    public bool IfNotExists { get; init; }

    /// <summary>WITH (storage parameters).</summary>
    public IReadOnlyList<DefElem> Options { get; init; } = [];

    /// <summary>False for WITH NO DATA.</summary>
    public bool WithData { get; init; } = true;
}

/// <summary>An element in CREATE TABLE's parenthesised list.</summary>
public abstract record TableElement : SqlNode;

/// <summary>
/// A column definition <c>name type [COLLATE c] [constraints...]</c>. Column constraints (NOT NULL, NULL, DEFAULT,
/// PRIMARY KEY, UNIQUE, CHECK, REFERENCES, GENERATED ... AS IDENTITY, GENERATED ALWAYS AS (expr) STORED) are
/// <see cref="Constraint"/>s in <see cref="Constraints"/> in written order.
/// </summary>
public sealed record ColumnDef(string Name, TypeName Type, IReadOnlyList<Constraint> Constraints) : TableElement
{
    /// <summary>COLLATE name.</summary>
    public QualifiedName? Collation { get; init; }
}

/// <summary>Kind of a column or table constraint.</summary>
public enum ConstraintKind
{
    /// <summary>NOT NULL.</summary>
    NotNull,
    /// <summary>NULL (explicitly nullable).</summary>
    Null,
    /// <summary>DEFAULT expr (column only).</summary>
    Default,
    /// <summary>PRIMARY KEY.</summary>
    PrimaryKey,
    /// <summary>UNIQUE.</summary>
    Unique,
    /// <summary>CHECK (expr).</summary>
    Check,
    /// <summary>REFERENCES / FOREIGN KEY.</summary>
    ForeignKey,
    /// <summary>GENERATED ALWAYS|BY DEFAULT AS IDENTITY (column only).</summary>
    Identity,
    /// <summary>GENERATED ALWAYS AS (expr) STORED (column only).</summary>
    Generated,
}

/// <summary>GENERATED ALWAYS or BY DEFAULT.</summary>
public enum IdentityKind
{
    /// <summary>GENERATED ALWAYS.</summary>
    Always,
    /// <summary>GENERATED BY DEFAULT.</summary>
    ByDefault,
}

/// <summary>Referential action of ON DELETE / ON UPDATE.</summary>
public enum ReferentialAction
{
    /// <summary>NO ACTION (also when not written).</summary>
    NoAction,
    /// <summary>RESTRICT.</summary>
    Restrict,
    /// <summary>CASCADE.</summary>
    Cascade,
    /// <summary>SET NULL.</summary>
    SetNull,
    /// <summary>SET DEFAULT.</summary>
    SetDefault,
}

/// <summary>MATCH clause of a foreign key.</summary>
public enum ForeignKeyMatch
{
    /// <summary>MATCH SIMPLE (default).</summary>
    Simple,
    /// <summary>MATCH FULL.</summary>
    Full,
    /// <summary>MATCH PARTIAL.</summary>
    Partial,
}

/// <summary>The referenced side of a foreign key: <c>REFERENCES table [(cols)] [MATCH ...] [ON DELETE a] [ON UPDATE a]</c>.</summary>
public sealed record ForeignKeyReference(QualifiedName Table, IReadOnlyList<string> Columns) : SqlNode
{
    /// <summary>ON DELETE action.</summary>
    public ReferentialAction OnDelete { get; init; }

    /// <summary>ON UPDATE action.</summary>
    public ReferentialAction OnUpdate { get; init; }

    /// <summary>MATCH type.</summary>
    public ForeignKeyMatch Match { get; init; }
}

/// <summary>
/// A column constraint (inside <see cref="ColumnDef.Constraints"/>) or a table constraint (a <see cref="TableElement"/>,
/// or the payload of ALTER TABLE ADD CONSTRAINT). Which fields are meaningful depends on <see cref="Kind"/>.
/// </summary>
public sealed record Constraint(ConstraintKind Kind) : TableElement
{
    /// <summary>CONSTRAINT name, or null.</summary>
    public string? Name { get; init; }

    /// <summary>Table constraints: the constrained columns of PRIMARY KEY / UNIQUE / FOREIGN KEY (empty for column constraints).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>CHECK condition, DEFAULT value, or GENERATED ALWAYS AS expression.</summary>
    public Expr? Expression { get; init; }

    /// <summary>FOREIGN KEY / REFERENCES target.</summary>
    public ForeignKeyReference? References { get; init; }

    /// <summary>IDENTITY: ALWAYS or BY DEFAULT.</summary>
    public IdentityKind Identity { get; init; }

    /// <summary>IDENTITY sequence options.</summary>
    public IReadOnlyList<SequenceOption> SequenceOptions { get; init; } = [];

    /// <summary>PRIMARY KEY / UNIQUE: INCLUDE (cols).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>PRIMARY KEY / UNIQUE: WITH (index storage parameters).</summary>
    public IReadOnlyList<DefElem> IndexOptions { get; init; } = [];

    /// <summary>UNIQUE NULLS NOT DISTINCT (PostgreSQL 15).</summary>
    public bool NullsNotDistinct { get; init; }

    /// <summary>DEFERRABLE.</summary>
    public bool Deferrable { get; init; }

    /// <summary>INITIALLY DEFERRED.</summary>
    public bool InitiallyDeferred { get; init; }

    /// <summary>CHECK ... NO INHERIT.</summary>
    public bool NoInherit { get; init; }

    /// <summary>NOT VALID (ALTER TABLE ADD CONSTRAINT).</summary>
    public bool NotValid { get; init; }
}

/// <summary><c>LIKE source [INCLUDING|EXCLUDING option ...]</c>; options are lower-case words ("all", "defaults", ...).</summary>
public sealed record TableLikeClause(QualifiedName Source) : TableElement
{
    /// <summary>INCLUDING options.</summary>
    public IReadOnlyList<string> Including { get; init; } = [];

    /// <summary>EXCLUDING options.</summary>
    public IReadOnlyList<string> Excluding { get; init; } = [];
}
