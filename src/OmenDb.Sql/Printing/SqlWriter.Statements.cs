using System.Globalization;
using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Printing;

/// <summary>Statement dispatch and utility statements.</summary>
internal sealed partial class SqlWriter
{
    private void Statement(Statement s)
    {
        switch (s)
        {
            case SelectStatement q:
                Select(q);
                break;
            case InsertStatement i:
                Insert(i);
                break;
            case UpdateStatement u:
                Update(u);
                break;
            case DeleteStatement d:
                Delete(d);
                break;
            case CreateTableStatement c:
                CreateTable(c);
                break;
            case CreateTableAsStatement c:
                CreateTableAs(c);
                break;
            case AlterTableStatement a:
                AlterTable(a);
                break;
            case DropStatement d:
                Drop(d);
                break;
            case CreateIndexStatement c:
                CreateIndex(c);
                break;
            case CreateViewStatement v:
                CreateView(v);
                break;
            case CreateMaterializedViewStatement m:
                Append("CREATE MATERIALIZED VIEW ");
                if (m.IfNotExists)
                {
                    Append("IF NOT EXISTS ");
                }

                Name(m.Name);
                if (m.Columns.Count > 0)
                {
                    Append(' ');
                    ParenIdentList(m.Columns);
                }

                Append(" AS ");
                Select(m.Query);
                if (!m.WithData)
                {
                    Append(" WITH NO DATA");
                }

                break;
            case CreateSequenceStatement c:
                Append(c.Temporary ? "CREATE TEMPORARY SEQUENCE " : "CREATE SEQUENCE ");
                if (c.IfNotExists)
                {
                    Append("IF NOT EXISTS ");
                }

                Name(c.Name);
                SequenceOptions(c.Options, parenthesized: false);
                break;
            case AlterSequenceStatement a:
                Append("ALTER SEQUENCE ");
                if (a.IfExists)
                {
                    Append("IF EXISTS ");
                }

                Name(a.Name);
                SequenceOptions(a.Options, parenthesized: false);
                break;
            case CreateSchemaStatement c:
                Append("CREATE SCHEMA ");
                if (c.IfNotExists)
                {
                    Append("IF NOT EXISTS ");
                }

                if (c.Name is not null)
                {
                    Ident(c.Name);
                }

                if (c.Authorization is not null)
                {
                    Append(c.Name is null ? "AUTHORIZATION " : " AUTHORIZATION ");
                    Role(c.Authorization);
                }

                break;
            case CreateExtensionStatement c:
                Append("CREATE EXTENSION ");
                if (c.IfNotExists)
                {
                    Append("IF NOT EXISTS ");
                }

                Ident(c.Name);
                if (c.Schema is not null)
                {
                    Append(" SCHEMA ");
                    Ident(c.Schema);
                }

                if (c.Version is not null)
                {
                    Append(" VERSION ");
                    String(c.Version);
                }

                if (c.Cascade)
                {
                    Append(" CASCADE");
                }

                break;
            case CreateDatabaseStatement c:
                Append("CREATE DATABASE ");
                Ident(c.Name);
                foreach (var o in c.Options)
                {
                    Append(' ');
                    Append(o.Name == "connection_limit" ? "CONNECTION LIMIT" : QuoteOptionName(o.Name));
                    Append(" = ");
                    OptionValue(o.Value!);
                }

                break;
            case CreateRoleStatement r:
                Append("CREATE ").Append(RoleWord(r.Keyword)).Append(' ');
                Ident(r.Name);
                RoleOptions(r.Options);
                break;
            case AlterRoleStatement r:
                AlterRole(r);
                break;
            case GrantStatement g:
                Grant(g);
                break;
            case GrantRoleStatement g:
                Append(g.IsGrant ? "GRANT " : "REVOKE ");
                if (!g.IsGrant && g.AdminOption)
                {
                    Append("ADMIN OPTION FOR ");
                }

                List(g.Roles, Role);
                Append(g.IsGrant ? " TO " : " FROM ");
                List(g.Grantees, Role);
                if (g.IsGrant && g.AdminOption)
                {
                    Append(" WITH ADMIN OPTION");
                }

                Behavior(g.Behavior);
                break;
            case CommentStatement c:
                Comment(c);
                break;
            case TruncateStatement t:
                Append("TRUNCATE TABLE ");
                List(t.Tables, r => TableRef(r));
                if (t.RestartIdentity)
                {
                    Append(" RESTART IDENTITY");
                }

                Behavior(t.Behavior);
                break;
            case CopyStatement c:
                Copy(c);
                break;
            case ExplainStatement e:
                Append("EXPLAIN ");
                if (e.Options.Count > 0)
                {
                    Append('(');
                    List(e.Options, DefElem);
                    Append(") ");
                }

                Statement(e.Statement);
                break;
            case PrepareStatement p:
                Append("PREPARE ");
                Ident(p.Name);
                if (p.ParameterTypes.Count > 0)
                {
                    Append('(');
                    List(p.ParameterTypes, Type);
                    Append(')');
                }

                Append(" AS ");
                Statement(p.Statement);
                break;
            case ExecuteStatement e:
                Append("EXECUTE ");
                Ident(e.Name);
                if (e.Args.Count > 0)
                {
                    Append('(');
                    ExprList(e.Args);
                    Append(')');
                }

                break;
            case DeallocateStatement d:
                Append("DEALLOCATE ");
                if (d.Name is null)
                {
                    Append("ALL");
                }
                else
                {
                    Ident(d.Name);
                }

                break;
            case SetStatement s2:
                Set(s2);
                break;
            case SetTransactionStatement st:
                Append(st.SessionDefaults ? "SET SESSION CHARACTERISTICS AS TRANSACTION" : "SET TRANSACTION");
                if (st.Snapshot is not null)
                {
                    Append(" SNAPSHOT ");
                    String(st.Snapshot);
                }
                else
                {
                    Modes(st.Modes);
                }

                break;
            case ShowStatement sh:
                Append("SHOW ");
                Append(sh.Name == "all" ? "ALL" : VariableName(sh.Name));
                break;
            case ResetStatement r:
                Append("RESET ");
                Append(r.Name is null ? "ALL" : VariableName(r.Name));
                break;
            case TransactionStatement t:
                Transaction(t);
                break;
            case VacuumStatement v:
                Append(v.IsVacuum ? "VACUUM" : "ANALYZE");
                if (v.Options.Count > 0)
                {
                    Append(" (");
                    List(v.Options, DefElem);
                    Append(')');
                }

                if (v.Tables.Count > 0)
                {
                    Append(' ');
                    List(v.Tables, t =>
                    {
                        Name(t.Table);
                        if (t.Columns.Count > 0)
                        {
                            Append(' ');
                            ParenIdentList(t.Columns);
                        }
                    });
                }

                break;
            case DiscardStatement d:
                Append("DISCARD ").Append(d.Kind switch
                {
                    DiscardKind.All => "ALL",
                    DiscardKind.Plans => "PLANS",
                    DiscardKind.Sequences => "SEQUENCES",
                    _ => "TEMP",
                });
                break;
            case LockStatement l:
                Append("LOCK TABLE ");
                List(l.Tables, r => TableRef(r));
                if (l.Mode is not null)
                {
                    Append(" IN ").Append(l.Mode).Append(" MODE");
                }

                if (l.NoWait)
                {
                    Append(" NOWAIT");
                }

                break;
            case CheckpointStatement:
                Append("CHECKPOINT");
                break;
            case ListenStatement l:
                Append("LISTEN ");
                Ident(l.Channel);
                break;
            case UnlistenStatement u:
                Append("UNLISTEN ");
                if (u.Channel is null)
                {
                    Append('*');
                }
                else
                {
                    Ident(u.Channel);
                }

                break;
            case NotifyStatement n:
                Append("NOTIFY ");
                Ident(n.Channel);
                if (n.Payload is not null)
                {
                    Append(", ");
                    String(n.Payload);
                }

                break;
            case DoStatement d:
                Append("DO ");
                if (d.Language is not null)
                {
                    Append("LANGUAGE ");
                    Ident(d.Language);
                    Append(' ');
                }

                String(d.Code);
                break;
            case CallStatement c:
                Append("CALL ");
                Function(c.Call);
                break;
            case DeclareCursorStatement d:
                Append("DECLARE ");
                Ident(d.Name);
                if (d.Binary)
                {
                    Append(" BINARY");
                }

                if (d.Scroll is { } scroll)
                {
                    Append(scroll ? " SCROLL" : " NO SCROLL");
                }

                Append(d.WithHold ? " CURSOR WITH HOLD FOR " : " CURSOR FOR ");
                Select(d.Query);
                break;
            case FetchStatement f:
                Fetch(f);
                break;
            case UnsupportedStatement u:
                Append(u.Text);
                break;
            case CloseStatement c:
                Append("CLOSE ");
                if (c.Name is null)
                {
                    Append("ALL");
                }
                else
                {
                    Ident(c.Name);
                }

                break;
            default:
                throw new ArgumentException($"no printer for {s.GetType().Name}", nameof(s));
        }
    }

    private static string VariableName(string name)
    {
        var parts = name.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = QuoteIdent(parts[i]);
        }

        return string.Join('.', parts);
    }

    private void Role(string role)
    {
        if (role is "current_user" or "session_user" or "current_role")
        {
            Append(role.ToUpperInvariant());
        }
        else
        {
            Ident(role);
        }
    }

    private void Behavior(DropBehavior b) => Append(b switch
    {
        DropBehavior.Cascade => " CASCADE",
        DropBehavior.Restrict => " RESTRICT",
        _ => "",
    });

    private void Set(SetStatement s)
    {
        Append(s.Scope == SetScope.Local ? "SET LOCAL " : "SET ");
        Append(VariableName(s.Name));
        if (s.IsDefault)
        {
            Append(" TO DEFAULT");
            return;
        }

        Append(" = ");
        List(s.Values, v =>
        {
            switch (v.Kind)
            {
                case OptionValueKind.String:
                    String(v.Text);
                    break;
                case OptionValueKind.Number:
                    Append(v.Text);
                    break;
                default:
                    Append(v.Text is "on" or "true" or "false" ? v.Text : QuoteIdent(v.Text));
                    break;
            }
        });
    }

    private void Modes(TransactionModes? m)
    {
        if (m is null)
        {
            return;
        }

        var parts = new List<string>();
        if (m.Isolation is { } iso)
        {
            parts.Add(iso switch
            {
                IsolationLevel.ReadUncommitted => "ISOLATION LEVEL READ UNCOMMITTED",
                IsolationLevel.ReadCommitted => "ISOLATION LEVEL READ COMMITTED",
                IsolationLevel.RepeatableRead => "ISOLATION LEVEL REPEATABLE READ",
                _ => "ISOLATION LEVEL SERIALIZABLE",
            });
        }

        if (m.ReadOnly is { } ro)
        {
            parts.Add(ro ? "READ ONLY" : "READ WRITE");
        }

        if (m.Deferrable is { } d)
        {
            parts.Add(d ? "DEFERRABLE" : "NOT DEFERRABLE");
        }

        Append(' ').Append(string.Join(", ", parts));
    }

    private void Transaction(TransactionStatement t)
    {
        switch (t.Kind)
        {
            case TransactionKind.Begin:
                Append("BEGIN");
                Modes(t.Modes);
                break;
            case TransactionKind.Start:
                Append("START TRANSACTION");
                Modes(t.Modes);
                break;
            case TransactionKind.Commit:
                Append(t.Spelling == "end" ? "END" : "COMMIT");
                Append(t.Chain ? " AND CHAIN" : "");
                break;
            case TransactionKind.Rollback:
                Append(t.Spelling == "abort" ? "ABORT" : "ROLLBACK");
                Append(t.Chain ? " AND CHAIN" : "");
                break;
            case TransactionKind.Savepoint:
                Append("SAVEPOINT ");
                Ident(t.Name!);
                break;
            case TransactionKind.Release:
                Append("RELEASE SAVEPOINT ");
                Ident(t.Name!);
                break;
            case TransactionKind.RollbackTo:
                Append("ROLLBACK TO SAVEPOINT ");
                Ident(t.Name!);
                break;
            case TransactionKind.Prepare:
                Append("PREPARE TRANSACTION ");
                String(t.Name!);
                break;
            case TransactionKind.CommitPrepared:
                Append("COMMIT PREPARED ");
                String(t.Name!);
                break;
            default:
                Append("ROLLBACK PREPARED ");
                String(t.Name!);
                break;
        }
    }

    private void Copy(CopyStatement c)
    {
        Append("COPY ");
        if (c.Query is not null)
        {
            Append('(');
            Statement(c.Query);
            Append(')');
        }
        else
        {
            Name(c.Table!);
            if (c.Columns.Count > 0)
            {
                Append(' ');
                ParenIdentList(c.Columns);
            }
        }

        Append(c.IsFrom ? " FROM " : " TO ");
        switch (c.Endpoint)
        {
            case CopyEndpoint.Client:
                Append(c.IsFrom ? "STDIN" : "STDOUT");
                break;
            case CopyEndpoint.Program:
                Append("PROGRAM ");
                String(c.Target!);
                break;
            default:
                String(c.Target!);
                break;
        }

        if (c.Options.Count > 0)
        {
            Append(" WITH (");
            List(c.Options, DefElem);
            Append(')');
        }

        if (c.Where is not null)
        {
            Append(" WHERE ");
            Expr(c.Where);
        }
    }

    private void Fetch(FetchStatement f)
    {
        Append(f.IsMove ? "MOVE " : "FETCH ");
        var n = f.Count == long.MaxValue ? "ALL" : f.Count.ToString(CultureInfo.InvariantCulture);
        Append(f.Direction switch
        {
            FetchDirection.Forward => "FORWARD " + n,
            FetchDirection.Backward => "BACKWARD " + n,
            FetchDirection.Absolute => "ABSOLUTE " + n,
            _ => "RELATIVE " + n,
        });
        Append(" FROM ");
        Ident(f.Cursor);
    }
}
