namespace OmenDb.Sql.Ast;

/// <summary>
/// <c>DROP kind [CONCURRENTLY] [IF EXISTS] name, ... [CASCADE|RESTRICT]</c>, and <c>DROP DATABASE x [WITH (FORCE)]</c>.
/// For FUNCTION the argument types are ignored.
/// </summary>
public sealed record DropStatement(ObjectKind Kind, IReadOnlyList<QualifiedName> Names) : Statement
{
    /// <summary>IF EXISTS.</summary>
    public bool IfExists { get; init; }

    /// <summary>CASCADE / RESTRICT.</summary>
    public DropBehavior Behavior { get; init; }

    /// <summary>DROP INDEX CONCURRENTLY.</summary>
    public bool Concurrently { get; init; }

    /// <summary>DROP DATABASE ... WITH (FORCE).</summary>
    public bool Force { get; init; }
}

/// <summary>
/// <c>CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table [USING method] (elements)
/// [INCLUDE (cols)] [NULLS [NOT] DISTINCT] [WITH (options)] [TABLESPACE t] [WHERE predicate]</c>.
/// </summary>
public sealed record CreateIndexStatement(string? Name, QualifiedName Table, IReadOnlyList<IndexElement> Elements) : Statement
{
    /// <summary>UNIQUE.</summary>
    public bool Unique { get; init; }

    /// <summary>CONCURRENTLY.</summary>
    public bool Concurrently { get; init; }

    /// <summary>IF NOT EXISTS.</summary>
    public bool IfNotExists { get; init; }

    /// <summary>ON ONLY table.</summary>
    public bool Only { get; init; }

    /// <summary>USING method (lower case: btree, hash, hnsw, ivfflat, gin...); null when not written.</summary>
    public string? Method { get; init; }

    /// <summary>INCLUDE columns.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>WITH (m = 16, ef_construction = 64).</summary>
    public IReadOnlyList<DefElem> Options { get; init; } = [];

    /// <summary>NULLS NOT DISTINCT.</summary>
    public bool NullsNotDistinct { get; init; }

    /// <summary>Partial index predicate.</summary>
    public Expr? Where { get; init; }

    /// <summary>TABLESPACE name.</summary>
    public string? Tablespace { get; init; }
}

/// <summary>WITH CHECK OPTION of a view.</summary>
public enum ViewCheckOption
{
    /// <summary>Not written.</summary>
    None,
    /// <summary>WITH [CASCADED] CHECK OPTION.</summary>
    Cascaded,
    /// <summary>WITH LOCAL CHECK OPTION.</summary>
    Local,
}

/// <summary><c>CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW name [(cols)] [WITH (options)] AS query [WITH CHECK OPTION]</c>.</summary>
public sealed record CreateViewStatement(QualifiedName Name, IReadOnlyList<string> Columns, SelectStatement Query) : Statement
{
    /// <summary>OR REPLACE.</summary>
    public bool OrReplace { get; init; }

    /// <summary>TEMP.</summary>
    public bool Temporary { get; init; }

    /// <summary>RECURSIVE.</summary>
    public bool Recursive { get; init; }

    /// <summary>WITH (view options).</summary>
    public IReadOnlyList<DefElem> Options { get; init; } = [];

    /// <summary>WITH CHECK OPTION.</summary>
    public ViewCheckOption CheckOption { get; init; }
}

/// <summary><c>CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [(cols)] AS query [WITH [NO] DATA]</c>.</summary>
public sealed record CreateMaterializedViewStatement(QualifiedName Name, IReadOnlyList<string> Columns, SelectStatement Query)
    : Statement
{
    /// <summary>IF NOT EXISTS.</summary>
    public bool IfNotExists { get; init; }

    /// <summary>False for WITH NO DATA.</summary>
    public bool WithData { get; init; } = true;
}

/// <summary><c>CREATE SCHEMA [IF NOT EXISTS] [name] [AUTHORIZATION role]</c>; at least one of Name/Authorization is set.</summary>
public sealed record CreateSchemaStatement(string? Name) : Statement
{
    /// <summary>IF NOT EXISTS.</summary>
    public bool IfNotExists { get; init; }

    /// <summary>AUTHORIZATION role.</summary>
    public string? Authorization { get; init; }
}

/// <summary><c>CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]</c>.</summary>
public sealed record CreateExtensionStatement(string Name) : Statement
{
    /// <summary>IF NOT EXISTS.</summary>
    public bool IfNotExists { get; init; }

    /// <summary>SCHEMA s.</summary>
    public string? Schema { get; init; }

    /// <summary>VERSION v.</summary>
    public string? Version { get; init; }

    /// <summary>CASCADE.</summary>
    public bool Cascade { get; init; }
}

/// <summary><c>CREATE DATABASE name [[WITH] option [=] value ...]</c>; option names lower case (owner, template, encoding...).</summary>
public sealed record CreateDatabaseStatement(string Name, IReadOnlyList<DefElem> Options) : Statement;

/// <summary>Which keyword created the role.</summary>
public enum RoleKeyword
{
    /// <summary>ROLE.</summary>
    Role,
    /// <summary>USER (implies LOGIN).</summary>
    User,
    /// <summary>GROUP.</summary>
    Group,
}

/// <summary>
/// <c>CREATE ROLE|USER|GROUP name [[WITH] options]</c>. Options are DefElems named as PostgreSQL does:
/// superuser/createdb/createrole/inherit/login/replication/bypassrls (Value Word "true"/"false"),
/// connectionlimit (Number), password (String or Null), validUntil (String), rolemembers/addroleto/adminmembers (List).
/// </summary>
public sealed record CreateRoleStatement(RoleKeyword Keyword, string Name, IReadOnlyList<DefElem> Options) : Statement;

/// <summary>
/// <c>ALTER ROLE|USER name [WITH] options</c>, <c>ALTER ROLE name RENAME TO x</c> (<see cref="NewName"/>), or
/// <c>ALTER ROLE name [IN DATABASE d] SET/RESET ...</c> (<see cref="Set"/>).
/// </summary>
public sealed record AlterRoleStatement(RoleKeyword Keyword, string Name, IReadOnlyList<DefElem> Options) : Statement
{
    /// <summary>RENAME TO new name.</summary>
    public string? NewName { get; init; }

    /// <summary>The SET / RESET clause, if that form was used.</summary>
    public Statement? Set { get; init; }

    /// <summary>IN DATABASE name of the SET form.</summary>
    public string? Database { get; init; }
}

/// <summary>A privilege in GRANT/REVOKE: lower-case name ("select", "insert", "all", "usage"...) and optional column list.</summary>
public sealed record Privilege(string Name, IReadOnlyList<string> Columns) : SqlNode;

/// <summary>What a GRANT/REVOKE applies to.</summary>
public enum GrantTargetKind
{
    /// <summary>[TABLE] names.</summary>
    Table,
    /// <summary>SEQUENCE names.</summary>
    Sequence,
    /// <summary>DATABASE names.</summary>
    Database,
    /// <summary>SCHEMA names.</summary>
    Schema,
    /// <summary>FUNCTION names.</summary>
    Function,
    /// <summary>ALL TABLES IN SCHEMA names.</summary>
    AllTablesInSchema,
    /// <summary>ALL SEQUENCES IN SCHEMA names.</summary>
    AllSequencesInSchema,
    /// <summary>ALL FUNCTIONS IN SCHEMA names.</summary>
    AllFunctionsInSchema,
    /// <summary>Other object kinds (TYPE, DOMAIN, LANGUAGE...).</summary>
    Other,
}

/// <summary>
/// <c>GRANT privileges ON target TO roles [WITH GRANT OPTION]</c> or <c>REVOKE [GRANT OPTION FOR] privileges ON target
/// FROM roles [CASCADE|RESTRICT]</c>. <see cref="Privileges"/> holds one "all" entry for ALL [PRIVILEGES].
/// Grantees are role names, "public" for PUBLIC, or the lower-case keyword for CURRENT_USER/SESSION_USER.
/// </summary>
public sealed record GrantStatement(bool IsGrant, IReadOnlyList<Privilege> Privileges, GrantTargetKind TargetKind,
    IReadOnlyList<QualifiedName> Objects, IReadOnlyList<string> Grantees) : Statement
{
    /// <summary>WITH GRANT OPTION (GRANT) / GRANT OPTION FOR (REVOKE).</summary>
    public bool GrantOption { get; init; }

    /// <summary>REVOKE ... CASCADE|RESTRICT.</summary>
    public DropBehavior Behavior { get; init; }
}

/// <summary><c>GRANT role, ... TO role, ... [WITH ADMIN OPTION]</c> / <c>REVOKE [ADMIN OPTION FOR] role FROM role</c>.</summary>
public sealed record GrantRoleStatement(bool IsGrant, IReadOnlyList<string> Roles, IReadOnlyList<string> Grantees) : Statement
{
    /// <summary>WITH ADMIN OPTION / ADMIN OPTION FOR.</summary>
    public bool AdminOption { get; init; }

    /// <summary>REVOKE ... CASCADE|RESTRICT.</summary>
    public DropBehavior Behavior { get; init; }
}

/// <summary>
/// <c>COMMENT ON kind name IS 'text' | NULL</c>. For COLUMN the name is table.column (possibly schema-qualified);
/// for CONSTRAINT / TRIGGER <c>name ON table</c> gives <see cref="OnTable"/>; function argument lists are ignored.
/// </summary>
public sealed record CommentStatement(ObjectKind Kind, QualifiedName Object, string? Comment) : Statement
{
    /// <summary>Table of COMMENT ON CONSTRAINT|TRIGGER name ON table.</summary>
    public QualifiedName? OnTable { get; init; }
}

/// <summary><c>TRUNCATE [TABLE] [ONLY] name, ... [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE|RESTRICT]</c>.</summary>
public sealed record TruncateStatement(IReadOnlyList<RelationRef> Tables) : Statement
{
    /// <summary>RESTART IDENTITY.</summary>
    public bool RestartIdentity { get; init; }

    /// <summary>CASCADE / RESTRICT.</summary>
    public DropBehavior Behavior { get; init; }
}
