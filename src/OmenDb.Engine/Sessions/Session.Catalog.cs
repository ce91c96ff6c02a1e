using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.PgCatalog;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// What the system catalog views read from the session.
public sealed partial class Session
{
    /// <summary>The session's settings, as pg_settings lists them.</summary>
    internal IEnumerable<KeyValuePair<string, string>> AllSettings() => [.. _settings];

    /// <summary>A catalog view over this session's database, search_path and user.</summary>
    internal CatalogReader CatalogReader() => new(Catalog, Database, SearchPath, UserName, AllSettings)
    {
        SqlPrepared = [.. _sqlPrepared],
        Cursors = OpenCursors(),
        Viewer = CatalogViewer,
        ViewerHasPendingDdl = HasCatalogMarks,
        Locks = _engine.TableLocks.Snapshot,
        Activity = _engine.Activity,
    };

    /// <summary>The reg* output functions over this session's catalog.</summary>
    internal Func<Types.PgType, uint, string> RegNames()
    {
        var view = CatalogReader();
        return (type, oid) => Binding.Binder.RegOutput(view, type, oid);
    }

    /// <summary>
    /// The utility statements of databases, roles and clients' connection hygiene: CREATE/DROP DATABASE, CREATE/ALTER/DROP
    /// ROLE, GRANT/REVOKE (accepted: every role acts as superuser here), DISCARD, LOCK TABLE, COMMENT ON. Returns null for
    /// other statements.
    /// </summary>
    internal string? ExecuteCatalogUtility(Statement stmt)
    {
        switch (stmt)
        {
            case CreateDatabaseStatement c:
                EnsureNotInTransactionBlock("CREATE DATABASE");
                Catalog.CreateDatabase(c.Name, null, Catalog.Roles.GetValueOrDefault(UserName)?.Oid ?? CatalogStore.BootstrapSuperuserOid);
                return "CREATE DATABASE";
            case DropStatement { Kind: ObjectKind.Database } d:
                EnsureNotInTransactionBlock("DROP DATABASE");
                foreach (var name in d.Names)
                {
                    DropDatabase(name.Name, d.IfExists, d.Force);
                }

                return "DROP DATABASE";
            case CreateRoleStatement r:
                lock (Catalog.SyncRoot)
                {
                    if (Catalog.Roles.ContainsKey(r.Name))
                    {
                        ThrowHelper.Throw(SqlState.DuplicateObject, $"role \"{r.Name}\" already exists");
                    }

                    var role = new RoleDef(Catalog.NewOid(), r.Name) { CanLogin = r.Keyword == RoleKeyword.User };
                    ApplyRoleOptions(role, r.Options);
                    Catalog.Roles[r.Name] = role;
                    Catalog.Bump();
                }

                return "CREATE ROLE";
            case AlterRoleStatement a:
                lock (Catalog.SyncRoot)
                {
                    var role = Catalog.Roles.GetValueOrDefault(a.Name)
                        ?? throw new PgException(SqlState.UndefinedObject, $"role \"{a.Name}\" does not exist");
                    if (a.NewName is { } newName)
                    {
                        Catalog.Roles.Remove(a.Name);
                        role.Name = newName;
                        Catalog.Roles[newName] = role;
                    }

                    ApplyRoleOptions(role, a.Options);
                    Catalog.Bump();
                }

                return "ALTER ROLE";
            case DropStatement { Kind: ObjectKind.Role or ObjectKind.User or ObjectKind.Group } d:
                lock (Catalog.SyncRoot)
                {
                    foreach (var name in d.Names)
                    {
                        if (!Catalog.Roles.ContainsKey(name.Name))
                        {
                            if (d.IfExists)
                            {
                                Notice(new PgNotice("NOTICE", "00000", $"role \"{name.Name}\" does not exist, skipping"));
                                continue;
                            }

                            ThrowHelper.Throw(SqlState.UndefinedObject, $"role \"{name.Name}\" does not exist");
                        }

                        if (name.Name == UserName)
                        {
                            ThrowHelper.Throw(SqlState.ObjectInUse, "current user cannot be dropped");
                        }

                        Catalog.Roles.Remove(name.Name);
                    }

                    Catalog.Bump();
                }

                return "DROP ROLE";
            case GrantStatement g:
                return g.IsGrant ? "GRANT" : "REVOKE";
            case DiscardStatement discard:
                if (discard.Kind == DiscardKind.All)
                {
                    EnsureNotInTransactionBlock("DISCARD ALL");
                    DiscardAll();
                    CloseAllCursors();
                }
                else if (discard.Kind == DiscardKind.Sequences)
                {
                    DiscardSequences();
                }

                return discard.Kind switch
                {
                    DiscardKind.All => "DISCARD ALL",
                    DiscardKind.Plans => "DISCARD PLANS",
                    DiscardKind.Sequences => "DISCARD SEQUENCES",
                    _ => "DISCARD TEMP",
                };
            case UnlistenStatement:
                return "UNLISTEN"; // LISTEN is not implemented, so there is nothing to stop listening to
            case LockStatement l:
                if (_txStatus == TransactionStatus.Idle)
                {
                    ThrowHelper.Throw(SqlState.NoActiveSqlTransaction, "LOCK TABLE can only be used in transaction blocks");
                }

                LockTables(l);
                return "LOCK TABLE";
            case CommentStatement c:
                Comment(c);
                return "COMMENT";
            default:
                return null;
        }
    }

    private void EnsureNotInTransactionBlock(string what)
    {
        if (_txStatus != TransactionStatus.Idle)
        {
            ThrowHelper.Throw(SqlState.ActiveSqlTransaction, $"{what} cannot run inside a transaction block");
        }
    }

    private void DropDatabase(string name, bool ifExists, bool force)
    {
        lock (Catalog.SyncRoot)
        {
            if (!Catalog.Databases.ContainsKey(name))
            {
                if (ifExists)
                {
                    Notice(new PgNotice("NOTICE", "00000", $"database \"{name}\" does not exist, skipping"));
                    return;
                }

                ThrowHelper.Throw(SqlState.InvalidCatalogName, $"database \"{name}\" does not exist");
            }

            if (name == DatabaseName)
            {
                ThrowHelper.Throw(SqlState.ObjectInUse, "cannot drop the currently open database");
            }

            var others = _engine.SessionsOn(name, this);
            if (others.Count > 0 && !force)
            {
                throw new PgException(SqlState.ObjectInUse, $"database \"{name}\" is being accessed by other users")
                {
                    Detail = others.Count == 1 ? "There is 1 other session using the database." : $"There are {others.Count} other sessions using the database.",
                };
            }

            foreach (var other in others)
            {
                other.Cancel();
            }

            Catalog.Databases.Remove(name);
            Catalog.Bump();
        }
    }

    /// <summary>Applies CREATE/ALTER ROLE options, named as the parser (and PostgreSQL's gram.y) names them.</summary>
    private void ApplyRoleOptions(RoleDef role, IReadOnlyList<DefElem> options)
    {
        foreach (var o in options)
        {
            var text = o.Value?.Text;
            var on = text == "true";
            switch (o.Name)
            {
                case "superuser": role.IsSuperuser = on; break;
                case "canlogin": role.CanLogin = on; break;
                case "createdb": role.CreateDb = on; break;
                case "createrole": role.CreateRole = on; break;
                case "inherit": role.Inherit = on; break;
                case "isreplication": role.Replication = on; break;
                case "bypassrls": role.BypassRls = on; break;
                case "password" when o.Value?.Kind == OptionValueKind.Null:
                    role.Password = null;
                    break;
                case "password" when string.IsNullOrEmpty(text):
                    Notice(new PgNotice("NOTICE", "00000", "empty string is not a valid password, clearing password"));
                    role.Password = null;
                    break;
                case "password":
                    role.Password = RolePassword.ToStored(text);
                    break;
                case "connectionlimit":
                    role.ConnectionLimit = int.Parse(text ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "validUntil":
                    role.ValidUntil = text is null ? null : DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
                    break;
            }
        }
    }
}
