using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Transactions;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

// Relation locks taken while binding, as PostgreSQL's parse analysis takes them (parserOpenTable): FROM relations
// ACCESS SHARE (ROW SHARE under FOR UPDATE/SHARE), the target of INSERT/UPDATE/DELETE ROW EXCLUSIVE. A lock is taken
// right after the name is resolved and before the relation's definition is read; when it had to wait, another
// transaction's DDL may have committed meanwhile, so the name is resolved again (RangeVarGetRelidExtended's retry).
internal sealed partial class Binder
{
    /// <summary>Takes a relation lock for the statement; returns whether it had to wait. Null: binding takes no locks.</summary>
    public Func<RelationInfo, TableLockMode, bool>? Locker { get; init; }

    /// <summary>The transaction whose uncommitted catalog changes this binding sees (null: committed ones only).</summary>
    public TransactionState? Viewer { get; init; }

    /// <summary>The locks taken while binding, which a prepared statement takes again before each execution.</summary>
    public List<(RelationInfo Relation, TableLockMode Mode)> Locked { get; } = [];

    /// <summary>The mode FROM relations are locked in: ROW SHARE inside a SELECT ... FOR UPDATE/SHARE.</summary>
    private TableLockMode _readLockMode = TableLockMode.AccessShare;

    /// <summary>Locks <paramref name="rel"/> (resolved from <paramref name="name"/>) and returns the relation the name denotes once locked.</summary>
    private RelationInfo Lock(QualifiedName name, RelationInfo rel, TableLockMode mode)
    {
        while (Locker is not null && rel is not PgCatalog.SystemRelationInfo)
        {
            var waited = Locker(rel, mode);
            if (!Locked.Contains((rel, mode)))
            {
                Locked.Add((rel, mode));
            }

            var again = waited ? RequireRelation(name) : rel;
            if (ReferenceEquals(again, rel))
            {
                break;
            }

            rel = again;
        }

        return rel;
    }

    /// <summary>Resolves and locks the target table of INSERT, UPDATE or DELETE (ROW EXCLUSIVE), or throws 42P01 / 42809.</summary>
    private TableInfo RequireTargetTable(QualifiedName name)
    {
        var rel = Lock(name, RequireTable(name), TableLockMode.RowExclusive);
        return rel as TableInfo ?? throw Error(SqlState.WrongObjectType, $"\"{name.Name}\" is not a table", name);
    }
}
