namespace OmenDb.Sql.Ast;

/// <summary>Kinds of catalog objects named by DROP, COMMENT ON, GRANT and ALTER.</summary>
public enum ObjectKind
{
    /// <summary>TABLE.</summary>
    Table,
    /// <summary>VIEW.</summary>
    View,
    /// <summary>MATERIALIZED VIEW.</summary>
    MaterializedView,
    /// <summary>INDEX.</summary>
    Index,
    /// <summary>SEQUENCE.</summary>
    Sequence,
    /// <summary>SCHEMA.</summary>
    Schema,
    /// <summary>DATABASE.</summary>
    Database,
    /// <summary>ROLE.</summary>
    Role,
    /// <summary>USER (a role with LOGIN).</summary>
    User,
    /// <summary>GROUP (a role).</summary>
    Group,
    /// <summary>EXTENSION.</summary>
    Extension,
    /// <summary>FUNCTION.</summary>
    Function,
    /// <summary>PROCEDURE.</summary>
    Procedure,
    /// <summary>TYPE.</summary>
    Type,
    /// <summary>DOMAIN.</summary>
    Domain,
    /// <summary>COLUMN (COMMENT ON COLUMN t.c; the name includes the table).</summary>
    Column,
    /// <summary>CONSTRAINT (COMMENT ON CONSTRAINT c ON t).</summary>
    Constraint,
    /// <summary>TRIGGER.</summary>
    Trigger,
    /// <summary>COLLATION.</summary>
    Collation,
}

/// <summary>
/// <c>ALTER TABLE [IF EXISTS] [ONLY] name action, ...</c>. Also carries ALTER INDEX / VIEW / SEQUENCE / MATERIALIZED VIEW
/// ... RENAME TO / OWNER TO / SET SCHEMA, with <see cref="RelationKind"/> telling which keyword was used.
/// </summary>
public sealed record AlterTableStatement(QualifiedName Name, IReadOnlyList<AlterTableAction> Actions) : Statement
{
    /// <summary>TABLE, INDEX, VIEW, SEQUENCE or MATERIALIZED VIEW.</summary>
    public ObjectKind RelationKind { get; init; } = ObjectKind.Table;

    /// <summary>IF EXISTS.</summary>
    public bool IfExists { get; init; }

    /// <summary>ONLY.</summary>
    public bool Only { get; init; }
}

/// <summary>One ALTER TABLE action.</summary>
public abstract record AlterTableAction : SqlNode;

/// <summary><c>ADD [COLUMN] [IF NOT EXISTS] column_def</c>.</summary>
public sealed record AddColumnAction(ColumnDef Column, bool IfNotExists) : AlterTableAction;

/// <summary><c>DROP [COLUMN] [IF EXISTS] name [CASCADE|RESTRICT]</c>.</summary>
public sealed record DropColumnAction(string Column, bool IfExists, DropBehavior Behavior) : AlterTableAction;

/// <summary><c>RENAME [COLUMN] old TO new</c>.</summary>
public sealed record RenameColumnAction(string OldName, string NewName) : AlterTableAction;

/// <summary><c>RENAME CONSTRAINT old TO new</c>.</summary>
public sealed record RenameConstraintAction(string OldName, string NewName) : AlterTableAction;

/// <summary><c>RENAME TO new</c>.</summary>
public sealed record RenameRelationAction(string NewName) : AlterTableAction;

/// <summary><c>SET SCHEMA s</c>.</summary>
public sealed record SetSchemaAction(string Schema) : AlterTableAction;

/// <summary><c>ALTER [COLUMN] c [SET DATA] TYPE t [COLLATE x] [USING expr]</c>.</summary>
public sealed record AlterColumnTypeAction(string Column, TypeName Type, Expr? Using) : AlterTableAction
{
    /// <summary>COLLATE name.</summary>
    public QualifiedName? Collation { get; init; }
}

/// <summary><c>ALTER [COLUMN] c SET DEFAULT expr</c> (Default non-null) or <c>DROP DEFAULT</c> (null).</summary>
public sealed record AlterColumnDefaultAction(string Column, Expr? Default) : AlterTableAction;

/// <summary><c>ALTER [COLUMN] c SET NOT NULL</c> (NotNull) or <c>DROP NOT NULL</c>.</summary>
public sealed record AlterColumnNotNullAction(string Column, bool NotNull) : AlterTableAction;

/// <summary><c>ALTER [COLUMN] c ADD GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(options)]</c>.</summary>
public sealed record AlterColumnAddIdentityAction(string Column, IdentityKind Kind, IReadOnlyList<SequenceOption> Options)
    : AlterTableAction;

/// <summary>
/// <c>ALTER [COLUMN] c SET GENERATED ALWAYS|BY DEFAULT | SET seq_option | RESTART [WITH n] ...</c> (identity changes);
/// <see cref="Kind"/> null when only sequence options were given.
/// </summary>
public sealed record AlterColumnSetIdentityAction(string Column, IdentityKind? Kind, IReadOnlyList<SequenceOption> Options)
    : AlterTableAction;

/// <summary><c>ALTER [COLUMN] c DROP IDENTITY [IF EXISTS]</c>.</summary>
public sealed record AlterColumnDropIdentityAction(string Column, bool IfExists) : AlterTableAction;

/// <summary><c>ALTER [COLUMN] c DROP EXPRESSION [IF EXISTS]</c>.</summary>
public sealed record AlterColumnDropExpressionAction(string Column, bool IfExists) : AlterTableAction;

/// <summary><c>ALTER [COLUMN] c SET STATISTICS n</c> / <c>SET (options)</c> / <c>SET STORAGE s</c>: accepted, carried as options.</summary>
public sealed record AlterColumnOptionsAction(string Column, IReadOnlyList<DefElem> Options, bool Reset) : AlterTableAction;

/// <summary><c>ADD [CONSTRAINT name] PRIMARY KEY/UNIQUE/CHECK/FOREIGN KEY ... [NOT VALID]</c>.</summary>
public sealed record AddConstraintAction(Constraint Constraint) : AlterTableAction;

/// <summary><c>DROP CONSTRAINT [IF EXISTS] name [CASCADE|RESTRICT]</c>.</summary>
public sealed record DropConstraintAction(string Name, bool IfExists, DropBehavior Behavior) : AlterTableAction;

/// <summary><c>VALIDATE CONSTRAINT name</c>.</summary>
public sealed record ValidateConstraintAction(string Name) : AlterTableAction;

/// <summary><c>OWNER TO role</c> (CURRENT_USER etc. arrive as their lower-case keyword).</summary>
public sealed record OwnerToAction(string Role) : AlterTableAction;

/// <summary><c>SET (storage params)</c> or <c>RESET (names)</c> (<see cref="Reset"/>).</summary>
public sealed record SetOptionsAction(IReadOnlyList<DefElem> Options, bool Reset) : AlterTableAction;

/// <summary>
/// Other actions PostgreSQL accepts that have no effect here, kept as their normalised text (e.g. "enable trigger all",
/// "set logged", "cluster on idx", "replica identity full").
/// </summary>
public sealed record GenericAlterAction(string Text) : AlterTableAction;
