using OmenDb.Common;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// SET TRANSACTION and SET SESSION CHARACTERISTICS AS TRANSACTION (pgjdbc's setTransactionIsolation and
// setReadOnly send the latter). The session characteristics are the default_transaction_* settings, which BEGIN
// and every implicit transaction start from; SET TRANSACTION changes the running block only, and only before its
// first query, as in PostgreSQL (src/backend/commands/variable.c check_transaction_isolation / _read_only).
public sealed partial class Session
{
    /// <summary>Whether the current transaction block has run a query (after which its isolation level is fixed).</summary>
    private bool _blockQueried;

    private string ExecuteSetTransaction(SetTransactionStatement st)
    {
        if (st.Snapshot is not null)
        {
            throw new PgException(SqlState.FeatureNotSupported, "SET TRANSACTION SNAPSHOT is not supported");
        }

        var modes = st.Modes;
        if (st.SessionDefaults)
        {
            if (modes.Isolation is { } level)
            {
                SetConfig("default_transaction_isolation", IsolationName(level), isLocal: false);
            }

            if (modes.ReadOnly is { } readOnly)
            {
                SetConfig("default_transaction_read_only", readOnly ? "on" : "off", isLocal: false);
            }

            if (modes.Deferrable is { } deferrable)
            {
                SetConfig("default_transaction_deferrable", deferrable ? "on" : "off", isLocal: false);
            }

            return "SET";
        }

        if (_txStatus == TransactionStatus.Idle || _implicitTx)
        {
            Notice(new PgNotice("WARNING", SqlState.NoActiveSqlTransaction, "SET TRANSACTION can only be used in transaction blocks"));
            return "SET";
        }

        if (modes.Isolation is { } isolation)
        {
            if (_blockQueried)
            {
                throw new PgException(SqlState.ActiveSqlTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query");
            }

            _repeatableRead = isolation is IsolationLevel.RepeatableRead or IsolationLevel.Serializable;
            _settings["transaction_isolation"] = IsolationName(isolation);
        }

        if (modes.ReadOnly is { } only)
        {
            if (!only && ReadOnlyTransaction && _blockQueried)
            {
                throw new PgException(SqlState.ActiveSqlTransaction, "transaction read-write mode must be set before any query");
            }

            ReadOnlyTransaction = only;
            _settings["transaction_read_only"] = only ? "on" : "off";
        }

        if (modes.Deferrable is { } deferrable2)
        {
            _settings["transaction_deferrable"] = deferrable2 ? "on" : "off";
        }

        return "SET";
    }

    /// <summary>
    /// The command name PostgreSQL gives in "cannot execute X in a read-only transaction" for a utility statement
    /// that changes the database (PreventCommandIfReadOnly), or null when the statement may run read-only.
    /// </summary>
    private static string? WritingCommandName(Statement stmt) => stmt switch
    {
        DropStatement d => "DROP " + SplitWords(d.Kind.ToString()),
        TruncateStatement => "TRUNCATE TABLE",
        CommentStatement => "COMMENT",
        GrantStatement g => g.IsGrant ? "GRANT" : "REVOKE",
        CreateTableAsStatement => "CREATE TABLE AS",
        CreateDatabaseStatement or CreateRoleStatement or AlterRoleStatement => null,
        _ when stmt.GetType().Name is var n && (n.StartsWith("Create", StringComparison.Ordinal) || n.StartsWith("Alter", StringComparison.Ordinal))
            => SplitWords(n[..^"Statement".Length]),
        _ => null,
    };

    /// <summary>"MaterializedView" → "MATERIALIZED VIEW".</summary>
    private static string SplitWords(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                sb.Append(' ');
            }

            sb.Append(char.ToUpperInvariant(pascal[i]));
        }

        return sb.ToString();
    }

    /// <summary>The isolation level BEGIN uses when it names none: default_transaction_isolation.</summary>
    private IsolationLevel DefaultIsolation() => _settings["default_transaction_isolation"] switch
    {
        "serializable" => IsolationLevel.Serializable,
        "repeatable read" => IsolationLevel.RepeatableRead,
        "read uncommitted" => IsolationLevel.ReadUncommitted,
        _ => IsolationLevel.ReadCommitted,
    };

    private bool DefaultReadOnly() => _settings["default_transaction_read_only"] == "on";

    private static string IsolationName(IsolationLevel level) => level switch
    {
        IsolationLevel.Serializable => "serializable",
        IsolationLevel.RepeatableRead => "repeatable read",
        IsolationLevel.ReadUncommitted => "read uncommitted",
        _ => "read committed",
    };
}
