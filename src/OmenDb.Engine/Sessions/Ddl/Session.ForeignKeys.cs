using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Sessions;

// FOREIGN KEY / REFERENCES constraints: resolving the referenced key the way PostgreSQL does (its primary key when no
// columns are named, else a unique constraint on exactly those columns). TableWriter enforces them.
public sealed partial class Session
{
    private void AddForeignKey(TableInfo table, Sql.Ast.Constraint cons, short[] columnsFromColumnDef, Binder binder)
    {
        var reference = cons.References!;
        var cols = columnsFromColumnDef.Length > 0 ? columnsFromColumnDef
            : [.. cons.Columns.Select(n => table.FindColumn(n)?.AttNum ?? throw new PgException(SqlState.UndefinedColumn,
                $"column \"{n}\" referenced in foreign key constraint does not exist"))];
        var isSelf = reference.Table.Name == table.Name && (reference.Table.Schema is null || reference.Table.Schema == table.Schema.Name);
        var parent = isSelf && binder.FindRelation(reference.Table) is null ? table : binder.RequireRelation(reference.Table) switch
        {
            TableInfo t => t,
            _ => throw new PgException(SqlState.WrongObjectType, $"referenced relation \"{reference.Table.Name}\" is not a table"),
        };

        short[] refCols;
        if (reference.Columns.Count == 0)
        {
            refCols = parent.PrimaryKey?.Columns
                ?? throw new PgException(SqlState.InvalidForeignKey, $"there is no primary key for referenced table \"{parent.Name}\"");
        }
        else
        {
            refCols = [.. reference.Columns.Select(n => parent.FindColumn(n)?.AttNum ?? throw new PgException(SqlState.UndefinedColumn,
                $"column \"{n}\" referenced in foreign key constraint does not exist"))];
        }

        if (refCols.Length != cols.Length)
        {
            throw new PgException(SqlState.InvalidForeignKey, "number of referencing and referenced columns for foreign key disagree");
        }

        if (!parent.Constraints.Any(c => c.Kind is Engine.Catalog.ConstraintKind.PrimaryKey or Engine.Catalog.ConstraintKind.Unique
                && new HashSet<short>(c.Columns).SetEquals(refCols)))
        {
            throw new PgException(SqlState.InvalidForeignKey, $"there is no unique constraint matching given keys for referenced table \"{parent.Name}\"");
        }

        var name = cons.Name ?? UniqueConstraintName(table, $"{table.Name}_{string.Join("_", cols.Select(a => table.Columns[a - 1].Name))}_fkey");
        for (var i = 0; i < cols.Length; i++)
        {
            var child = table.Columns[cols[i] - 1];
            var key = parent.Columns[refCols[i] - 1];
            if (!ComparableKeyTypes(child.Type, key.Type))
            {
                throw new PgException(SqlState.DatatypeMismatch, $"foreign key constraint \"{name}\" cannot be implemented")
                {
                    Detail = $"Key columns \"{child.Name}\" and \"{key.Name}\" are of incompatible types: {child.Type.SqlName} and {key.Type.SqlName}.",
                };
            }
        }

        table.Constraints.Add(new ConstraintInfo(Catalog.NewOid(), name, Engine.Catalog.ConstraintKind.ForeignKey, cols)
        {
            ReferencedTable = parent,
            ReferencedColumns = refCols,
            OnDelete = MapAction(reference.OnDelete),
            OnUpdate = MapAction(reference.OnUpdate),
        });
    }

    /// <summary>Key types a foreign key can compare: the same type, or two of the integer types, or two text types.</summary>
    private static bool ComparableKeyTypes(PgType a, PgType b)
        => a == b || (IsInteger(a) && IsInteger(b)) || (a.Kind == PgTypeKind.Text && b.Kind == PgTypeKind.Text);

    private static bool IsInteger(PgType t) => t == PgTypes.Int2 || t == PgTypes.Int4 || t == PgTypes.Int8;

    /// <summary>A generated constraint name, made unique among the table's constraints with a counter as PostgreSQL does.</summary>
    private static string UniqueConstraintName(TableInfo table, string name)
    {
        var candidate = name;
        for (var n = 1; table.Constraints.Any(c => c.Name == candidate); n++)
        {
            candidate = name + n;
        }

        return candidate;
    }

    private static Engine.Catalog.ReferentialAction MapAction(Sql.Ast.ReferentialAction action) => action switch
    {
        Sql.Ast.ReferentialAction.Restrict => Engine.Catalog.ReferentialAction.Restrict,
        Sql.Ast.ReferentialAction.Cascade => Engine.Catalog.ReferentialAction.Cascade,
        Sql.Ast.ReferentialAction.SetNull => Engine.Catalog.ReferentialAction.SetNull,
        Sql.Ast.ReferentialAction.SetDefault => Engine.Catalog.ReferentialAction.SetDefault,
        _ => Engine.Catalog.ReferentialAction.NoAction,
    };
}
