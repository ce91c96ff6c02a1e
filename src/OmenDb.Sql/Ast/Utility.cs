namespace OmenDb.Sql.Ast;

/// <summary>Where COPY reads from or writes to.</summary>
public enum CopyEndpoint
{
    /// <summary>STDIN (FROM) / STDOUT (TO): the client via the COPY sub-protocol.</summary>
    Client,
    /// <summary>A server file 'name'.</summary>
    File,
    /// <summary>PROGRAM 'command'.</summary>
    Program,
}

/// <summary>
/// <c>COPY table [(cols)] FROM STDIN|'file' [WITH] options [WHERE cond]</c>, <c>COPY table [(cols)] TO STDOUT ...</c>,
/// <c>COPY (query) TO STDOUT ...</c>. Old-style options are normalised to the new style DefElems: BINARY → format binary,
/// CSV → format csv, HEADER → header, DELIMITER [AS] 'x' → delimiter, NULL [AS] 'y' → null, QUOTE → quote,
/// ESCAPE → escape, FORCE QUOTE cols|* → force_quote, FORCE NOT NULL cols → force_not_null, ENCODING → encoding,
/// FREEZE → freeze. Names are lower case, values as written.
/// </summary>
public sealed record CopyStatement(bool IsFrom, CopyEndpoint Endpoint, IReadOnlyList<DefElem> Options) : Statement
{
    /// <summary>The table (null when copying a query).</summary>
    public QualifiedName? Table { get; init; }

    /// <summary>Column list (empty when not written).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>COPY (query) TO: a SELECT, VALUES, or INSERT/UPDATE/DELETE ... RETURNING.</summary>
    public Statement? Query { get; init; }

    /// <summary>File name or program command for <see cref="CopyEndpoint.File"/> / <see cref="CopyEndpoint.Program"/>.</summary>
    public string? Target { get; init; }

    /// <summary>COPY FROM ... WHERE condition.</summary>
    public Expr? Where { get; init; }
}

/// <summary>
/// <c>EXPLAIN [ANALYZE] [VERBOSE] stmt</c> or <c>EXPLAIN (option [value], ...) stmt</c>; options normalised to DefElems
/// (analyze, verbose, costs, buffers, timing, summary, settings, wal, format) with lower-case names.
/// </summary>
public sealed record ExplainStatement(Statement Statement, IReadOnlyList<DefElem> Options) : Statement;

/// <summary><c>PREPARE name [(types)] AS statement</c>.</summary>
public sealed record PrepareStatement(string Name, IReadOnlyList<TypeName> ParameterTypes, Statement Statement) : Statement;

/// <summary><c>EXECUTE name [(args)]</c>.</summary>
public sealed record ExecuteStatement(string Name, IReadOnlyList<Expr> Args) : Statement;

/// <summary><c>DEALLOCATE [PREPARE] name | ALL</c>; Name null for ALL.</summary>
public sealed record DeallocateStatement(string? Name) : Statement;

/// <summary>SESSION (default) or LOCAL scope of SET.</summary>
public enum SetScope
{
    /// <summary>SET or SET SESSION.</summary>
    Session,
    /// <summary>SET LOCAL (until end of transaction).</summary>
    Local,
}

/// <summary>
/// <c>SET [SESSION|LOCAL] name {TO|=} value [, ...] | DEFAULT</c>. Name lower case with dots kept (hnsw.ef_search).
/// Special forms map to their parameter as PostgreSQL does: TIME ZONE → timezone (LOCAL/DEFAULT → IsDefault),
/// NAMES → client_encoding, SCHEMA → search_path, ROLE → role, SESSION AUTHORIZATION → session_authorization,
/// XML OPTION → xmloption. Values: identifiers/keywords (ON, public, "$user") are Word, strings String, numbers Number.
/// An INTERVAL '...' time zone value is given as a String.
/// </summary>
public sealed record SetStatement(SetScope Scope, string Name, IReadOnlyList<OptionValue> Values, bool IsDefault) : Statement;

/// <summary>Transaction isolation levels.</summary>
public enum IsolationLevel
{
    /// <summary>READ UNCOMMITTED.</summary>
    ReadUncommitted,
    /// <summary>READ COMMITTED.</summary>
    ReadCommitted,
    /// <summary>REPEATABLE READ.</summary>
    RepeatableRead,
    /// <summary>SERIALIZABLE.</summary>
    Serializable,
}

/// <summary>Transaction modes of BEGIN / START TRANSACTION / SET TRANSACTION; null members were not written.</summary>
public sealed record TransactionModes(IsolationLevel? Isolation, bool? ReadOnly, bool? Deferrable) : SqlNode;

/// <summary>
/// <c>SET TRANSACTION modes</c> or <c>SET SESSION CHARACTERISTICS AS TRANSACTION modes</c> (<see cref="SessionDefaults"/>),
/// also <c>SET TRANSACTION SNAPSHOT 'id'</c> (<see cref="Snapshot"/>).
/// </summary>
public sealed record SetTransactionStatement(TransactionModes Modes, bool SessionDefaults) : Statement
{
    /// <summary>SET TRANSACTION SNAPSHOT id.</summary>
    public string? Snapshot { get; init; }
}

/// <summary>
/// <c>SHOW name | ALL</c>; name lower case ("all" for ALL). SHOW TIME ZONE → timezone, SHOW TRANSACTION ISOLATION LEVEL →
/// transaction_isolation, SHOW SESSION AUTHORIZATION → session_authorization.
/// </summary>
public sealed record ShowStatement(string Name) : Statement;

/// <summary><c>RESET name | ALL</c>; Name null for ALL (RESET TIME ZONE → timezone, etc.).</summary>
public sealed record ResetStatement(string? Name) : Statement;

/// <summary>Transaction control verbs.</summary>
public enum TransactionKind
{
    /// <summary>BEGIN [WORK|TRANSACTION] [modes].</summary>
    Begin,
    /// <summary>START TRANSACTION [modes].</summary>
    Start,
    /// <summary>COMMIT / END [WORK|TRANSACTION] [AND [NO] CHAIN].</summary>
    Commit,
    /// <summary>ROLLBACK / ABORT [WORK|TRANSACTION] [AND [NO] CHAIN].</summary>
    Rollback,
    /// <summary>SAVEPOINT name.</summary>
    Savepoint,
    /// <summary>RELEASE [SAVEPOINT] name.</summary>
    Release,
    /// <summary>ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] name.</summary>
    RollbackTo,
    /// <summary>PREPARE TRANSACTION 'gid' (two-phase commit; the binder rejects it).</summary>
    Prepare,
    /// <summary>COMMIT PREPARED 'gid'.</summary>
    CommitPrepared,
    /// <summary>ROLLBACK PREPARED 'gid'.</summary>
    RollbackPrepared,
}

/// <summary>A transaction control statement; <see cref="Name"/> is the savepoint name or the 2PC gid.</summary>
public sealed record TransactionStatement(TransactionKind Kind) : Statement
{
    /// <summary>Savepoint name or prepared transaction id.</summary>
    public string? Name { get; init; }

    /// <summary>Modes of BEGIN / START TRANSACTION (null when none written).</summary>
    public TransactionModes? Modes { get; init; }

    /// <summary>AND CHAIN.</summary>
    public bool Chain { get; init; }

    /// <summary>The verb as written when it has synonyms ("end", "abort"), lower case; null otherwise.</summary>
    public string? Spelling { get; init; }
}

/// <summary>A table in VACUUM / ANALYZE with an optional column list.</summary>
public sealed record VacuumTarget(QualifiedName Table, IReadOnlyList<string> Columns) : SqlNode;

/// <summary>
/// <c>VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [tables]</c>, <c>VACUUM (options) [tables]</c>,
/// <c>ANALYZE [VERBOSE] [tables]</c> / <c>ANALYZE (options)</c> (<see cref="IsVacuum"/> false). Old-style flags become options.
/// </summary>
public sealed record VacuumStatement(bool IsVacuum, IReadOnlyList<DefElem> Options, IReadOnlyList<VacuumTarget> Tables) : Statement;

/// <summary>What DISCARD discards.</summary>
public enum DiscardKind
{
    /// <summary>ALL.</summary>
    All,
    /// <summary>PLANS.</summary>
    Plans,
    /// <summary>SEQUENCES.</summary>
    Sequences,
    /// <summary>TEMP / TEMPORARY.</summary>
    Temp,
}

/// <summary><c>DISCARD ALL|PLANS|SEQUENCES|TEMP</c>.</summary>
public sealed record DiscardStatement(DiscardKind Kind) : Statement;

/// <summary>
/// <c>LOCK [TABLE] [ONLY] names [IN mode MODE] [NOWAIT]</c>; Mode is the upper-case mode words ("ACCESS EXCLUSIVE"),
/// null when not written (ACCESS EXCLUSIVE).
/// </summary>
public sealed record LockStatement(IReadOnlyList<RelationRef> Tables, string? Mode, bool NoWait) : Statement;

/// <summary>CHECKPOINT.</summary>
public sealed record CheckpointStatement : Statement;

/// <summary>LISTEN channel.</summary>
public sealed record ListenStatement(string Channel) : Statement;

/// <summary>UNLISTEN channel | * (Channel null).</summary>
public sealed record UnlistenStatement(string? Channel) : Statement;

/// <summary>NOTIFY channel [, 'payload'].</summary>
public sealed record NotifyStatement(string Channel, string? Payload) : Statement;

/// <summary><c>DO [LANGUAGE l] 'code'</c>: parsed so the binder can answer 0A000.</summary>
public sealed record DoStatement(string Code, string? Language) : Statement;

/// <summary><c>CALL proc(args)</c>.</summary>
public sealed record CallStatement(FunctionCall Call) : Statement;

/// <summary><c>DECLARE name [BINARY] [NO SCROLL|SCROLL] CURSOR [WITH|WITHOUT HOLD] FOR query</c>.</summary>
public sealed record DeclareCursorStatement(string Name, SelectStatement Query) : Statement
{
    /// <summary>WITH HOLD.</summary>
    public bool WithHold { get; init; }

    /// <summary>BINARY.</summary>
    public bool Binary { get; init; }

    /// <summary>SCROLL (true), NO SCROLL (false) or not written (null).</summary>
    public bool? Scroll { get; init; }
}

/// <summary>Direction of FETCH / MOVE.</summary>
public enum FetchDirection
{
    /// <summary>NEXT / FORWARD n / n (Count rows forward; Count null = 1, long.MaxValue = ALL).</summary>
    Forward,
    /// <summary>PRIOR / BACKWARD n.</summary>
    Backward,
    /// <summary>ABSOLUTE n / FIRST (1) / LAST (-1).</summary>
    Absolute,
    /// <summary>RELATIVE n.</summary>
    Relative,
}

/// <summary><c>FETCH|MOVE [direction] [FROM|IN] cursor</c>.</summary>
public sealed record FetchStatement(string Cursor, FetchDirection Direction, long Count, bool IsMove) : Statement;

/// <summary><c>CLOSE cursor | ALL</c> (Name null).</summary>
public sealed record CloseStatement(string? Name) : Statement;

/// <summary>
/// A statement PostgreSQL accepts that this front end recognises but does not parse (CREATE FUNCTION, CREATE TYPE,
/// CREATE TRIGGER, MERGE, REINDEX, ...): <see cref="Tag"/> names it in upper case ("CREATE FUNCTION") and
/// <see cref="Text"/> is its source text. The binder answers 0A000 feature_not_supported, so a script's earlier
/// statements still run as they would in PostgreSQL.
/// </summary>
public sealed record UnsupportedStatement(string Tag, string Text) : Statement;
