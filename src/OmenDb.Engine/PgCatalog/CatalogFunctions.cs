using OmenDb.Engine.Catalog;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.PgCatalog;

/// <summary>A function that reads the catalog (pg_table_is_visible, format_type, pg_get_indexdef ...).</summary>
/// <param name="Name">pg_proc.proname.</param>
/// <param name="ArgTypes">Argument types ("any" accepts every type, as has_table_privilege's overloads together do).</param>
/// <param name="ReturnType">Result type.</param>
/// <param name="Create">Makes the invoker over one session's catalog view.</param>
/// <param name="Strict">Null in any argument gives null without a call.</param>
internal sealed record CatalogFunction(string Name, PgType[] ArgTypes, PgType ReturnType, Func<CatalogReader, ScalarInvoker> Create,
    bool Strict = true);

/// <summary>
/// The catalog functions clients call in their metadata queries (psql's describe.c, Npgsql, pgjdbc, EF Core).
/// The binder resolves them like built-ins, then binds the invoker to the session's <see cref="CatalogReader"/>.
/// </summary>
internal static class CatalogFunctions
{
    private static readonly Dictionary<string, List<CatalogFunction>> s_byName = new(StringComparer.Ordinal);
    private static readonly List<CatalogFunction> s_all = [];

    static CatalogFunctions()
    {
        PgType oid = PgTypes.Oid, text = PgTypes.Text, name = PgTypes.Name, b = PgTypes.Bool, i4 = PgTypes.Int4, i8 = PgTypes.Int8,
            any = PgTypes.Any, tree = PgTypes.PgNodeTree, regclass = PgTypes.Regclass;
        Add("pg_table_is_visible", [oid], b, r => (a, _) => TableVisible(r, (uint)a[0]!));
        Add("pg_type_is_visible", [oid], b, r => (a, _) => PgTypes.FromOid((uint)a[0]!) is not null
            || (r.FindRowType((uint)a[0]!) is { } rel && r.IsVisible(rel.Schema.Name, rel.Name)));
        Add("pg_function_is_visible", [oid], b, _ => (a, _) => ProcCatalog.FromOid((uint)a[0]!) is not null);
        Add("pg_get_userbyid", [oid], name, r => (a, _) => r.RoleName((uint)a[0]!) ?? $"unknown (OID={(uint)a[0]!})");
        Add("format_type", [oid, i4], text, r => (a, _) => a[0] is uint t ? r.FormatType(t, a[1] as int?) ?? "???" : null, strict: false);
        Add("pg_get_expr", [tree, oid], text, _ => (a, _) => a[0]);
        Add("pg_get_expr", [tree, oid, b], text, _ => (a, _) => a[0]);
        Add("pg_get_indexdef", [oid], text, r => (a, _) => r.FindRelation((uint)a[0]!) is IndexInfo i ? CatalogText.IndexDef(i, 0, false, r) : null);
        Add("pg_get_indexdef", [oid, i4, b], text, r => (a, _) => r.FindRelation((uint)a[0]!) is IndexInfo i
            ? CatalogText.IndexDef(i, (int)a[1]!, (bool)a[2]!, r) : null);
        Add("pg_get_constraintdef", [oid], text, r => (a, _) => ConstraintDef(r, (uint)a[0]!));
        Add("pg_get_constraintdef", [oid, b], text, r => (a, _) => ConstraintDef(r, (uint)a[0]!));
        Add("pg_get_viewdef", [oid], text, r => (a, _) => r.FindRelation((uint)a[0]!) is ViewInfo v ? " " + v.QuerySql + ";" : null);
        Add("pg_get_viewdef", [oid, b], text, r => (a, _) => r.FindRelation((uint)a[0]!) is ViewInfo v ? " " + v.QuerySql + ";" : null);
        Add("pg_get_triggerdef", [oid], text, _ => (_, _) => null);
        Add("pg_get_triggerdef", [oid, b], text, _ => (_, _) => null);
        Add("pg_get_ruledef", [oid], text, _ => (_, _) => null);
        Add("pg_get_ruledef", [oid, b], text, _ => (_, _) => null);
        Add("pg_get_statisticsobjdef_columns", [oid], text, _ => (_, _) => null);
        Add("pg_get_function_result", [oid], text, _ => (a, _) => ProcCatalog.FromOid((uint)a[0]!) is { } p
            ? (p.ReturnsSet ? "SETOF " : "") + ValueText.FormatTypeName(p.ReturnType) : null);
        Add("pg_get_function_arguments", [oid], text, _ => (a, _) => ProcCatalog.FromOid((uint)a[0]!) is { } p
            ? string.Join(", ", p.ArgTypes.Select(t => ValueText.FormatTypeName(t))) : null);
        Add("pg_get_function_identity_arguments", [oid], text, _ => (a, _) => ProcCatalog.FromOid((uint)a[0]!) is { } p
            ? string.Join(", ", p.ArgTypes.Select(t => ValueText.FormatTypeName(t))) : null);
        Add("obj_description", [oid, name], text, r => (a, _) => Description(r, (uint)a[0]!, (string)a[1]!, 0));
        // The deprecated one-argument form matches any catalog (PostgreSQL: objsubid = 0, whatever the classoid).
        Add("obj_description", [oid], text, r => (a, _) => Description(r, (uint)a[0]!, "pg_class", 0)
            ?? Description(r, (uint)a[0]!, "pg_constraint", 0) ?? Description(r, (uint)a[0]!, "pg_namespace", 0));
        Add("col_description", [oid, i4], text, r => (a, _) => Description(r, (uint)a[0]!, "pg_class", (int)a[1]!));
        Add("shobj_description", [oid, name], text, r => (a, _) => DatabaseComment(r, (uint)a[0]!));
        Add("pg_encoding_to_char", [i4], name, _ => (a, _) => (int)a[0]! switch
        {
            0 => "SQL_ASCII",
            6 => "UTF8",
            8 => "LATIN1",
            _ => "",
        });
        Add("pg_char_to_encoding", [name], i4, _ => (a, _) => (string)a[0]! switch
        {
            "SQL_ASCII" => 0,
            "UTF8" => 6,
            "LATIN1" => 8,
            _ => -1,
        });
        Add("current_schemas", [b], PgTypes.Name.ArrayType!, r => (a, _) => new PgArray(PgTypes.Name,
            [.. ((bool)a[0]! ? r.EffectivePath : r.EffectivePath.Where(s => s != "pg_catalog")).Select(s => (object?)s)]));
        Add("pg_get_serial_sequence", [text, text], text, r => (a, _) => SerialSequence(r, (string)a[0]!, (string)a[1]!));
        Add("pg_relation_is_publishable", [regclass], b, r => (a, _) => r.FindRelation((uint)a[0]!) is TableInfo);
        Add("pg_partition_root", [regclass], regclass, _ => (a, _) => a[0]);

        // Without partitioning every relation is its own only ancestor: the one row pg_partition_ancestors returns.
        Add("pg_partition_ancestors", [regclass], regclass, _ => (a, _) => a[0]);
        Add("pg_table_size", [regclass], i8, r => (a, _) => RelationSize(r, (uint)a[0]!, toast: true, indexes: false));
        Add("pg_relation_size", [regclass], i8, r => (a, _) => RelationSize(r, (uint)a[0]!, toast: false, indexes: false));
        Add("pg_total_relation_size", [regclass], i8, r => (a, _) => RelationSize(r, (uint)a[0]!, toast: true, indexes: true));
        Add("pg_indexes_size", [regclass], i8, r => (a, _) => r.FindRelation((uint)a[0]!) is TableInfo t ? t.Indexes.Count * Page : 0L);
        Add("pg_database_size", [name], i8, _ => (_, _) => 8L * 1024 * 1024);
        Add("pg_database_size", [oid], i8, _ => (_, _) => 8L * 1024 * 1024);
        Add("pg_size_pretty", [i8], text, _ => (a, _) => SizePretty((long)a[0]!));
        Add("pg_my_temp_schema", [], oid, _ => (_, _) => 0u);
        Add("pg_is_other_temp_schema", [oid], b, _ => (_, _) => false);
        Add("pg_is_in_recovery", [], b, _ => (_, _) => false);
        Add("pg_backend_pid", [], i4, _ => (_, c) => c.BackendPid);
        Add("pg_cancel_backend", [i4], b, _ => (a, c) => c.SignalBackend!((int)a[0]!, false));
        Add("pg_terminate_backend", [i4], b, _ => (a, c) => c.SignalBackend!((int)a[0]!, true));
        Add("pg_terminate_backend", [i4, i8], b, _ => (a, c) => (long)a[1]! < 0
            ? throw new Common.PgException(Common.SqlState.InvalidParameterValue, "\"timeout\" must not be negative")
            : c.SignalBackend!((int)a[0]!, true));
        Add("pg_advisory_unlock_all", [], PgTypes.Void, _ => (_, _) => null);
        Add("pg_indexam_has_property", [oid, text], b, _ => (a, _) => (string)a[1]! is "can_order" or "can_unique" or "can_multi_col" or "can_exclude");
        Add("pg_index_column_has_property", [regclass, i4, text], b, _ => (a, _) => (string)a[2]! is "orderable" or "search_array" or "search_nulls" or "asc" or "nulls_last");
        foreach (var kind in new[] { "table", "column", "database", "schema", "sequence", "function", "type", "tablespace", "foreign_data_wrapper", "server", "language", "any_column" })
        {
            Add($"has_{kind}_privilege", [any, any], b, _ => (_, _) => true);
            Add($"has_{kind}_privilege", [any, any, any], b, _ => (_, _) => true);
            Add($"has_{kind}_privilege", [any, any, any, any], b, _ => (_, _) => true);
        }

        Add("pg_has_role", [any, any], b, _ => (_, _) => true);
        Add("pg_has_role", [any, any, any], b, _ => (_, _) => true);
    }

    /// <summary>Every catalog function.</summary>
    public static IReadOnlyList<CatalogFunction> All => s_all;

    /// <summary>Overloads named <paramref name="name"/>; empty if none.</summary>
    public static IReadOnlyList<CatalogFunction> Lookup(string name) => s_byName.TryGetValue(name, out var list) ? list : [];

    private static void Add(string name, PgType[] args, PgType ret, Func<CatalogReader, ScalarInvoker> create, bool strict = true)
    {
        var f = new CatalogFunction(name, args, ret, create, strict);
        s_all.Add(f);
        if (!s_byName.TryGetValue(name, out var list))
        {
            s_byName[name] = list = [];
        }

        list.Add(f);
    }

    private static object? TableVisible(CatalogReader r, uint oid)
    {
        if (r.FindRelation(oid) is { } rel)
        {
            return r.IsVisible(rel.Schema.Name, rel.Name);
        }

        return SystemTables.FindByOid(oid) is { } sys ? r.IsVisible(sys.Schema, sys.Name) : null;
    }

    private static string? ConstraintDef(CatalogReader r, uint oid)
        => FindConstraint(r, oid) is var (table, c) ? CatalogText.ConstraintDef(table, c) : null;

    private static (TableInfo Table, ConstraintInfo Constraint)? FindConstraint(CatalogReader r, uint oid)
    {
        foreach (var table in r.Relations.OfType<TableInfo>())
        {
            foreach (var c in table.Constraints)
            {
                if (c.Oid == oid)
                {
                    return (table, c);
                }
            }
        }

        return null;
    }

    private static string? Description(CatalogReader r, uint oid, string catalog, int subId)
    {
        switch (catalog)
        {
            case "pg_class":
                {
                    var rel = r.FindRelation(oid);
                    if (subId == 0)
                    {
                        return rel?.Comment;
                    }

                    var columns = rel switch
                    {
                        TableInfo t => t.Columns,
                        ViewInfo v => v.Columns,
                        _ => [],
                    };
                    return subId <= columns.Count ? columns[subId - 1].Comment : null;
                }

            case "pg_constraint":
                return subId == 0 ? FindConstraint(r, oid)?.Constraint.Comment : null;
            case "pg_namespace":
                return r.FindSchema(oid) is { } schema ? CatalogVisibility.CommentAsSeenBy(schema, r.Viewer) : null;
            case "pg_database":
                return DatabaseComment(r, oid);
            default:
                return null;
        }
    }

    private static string? DatabaseComment(CatalogReader r, uint oid)
        => r.Catalog.Databases.Values.ToArray().FirstOrDefault(d => d.Oid == oid) is { } db ? CatalogVisibility.CommentAsSeenBy(db, r.Viewer) : null;

    private static string? SerialSequence(CatalogReader r, string tableName, string column)
    {
        var parts = tableName.Split('.');
        var schemas = parts.Length > 1 ? [parts[0]] : r.EffectivePath;
        foreach (var s in schemas)
        {
            if (r.FindRelation(s, parts[^1]) is TableInfo table)
            {
                var col = table.FindColumn(column)
                    ?? throw new Common.PgException(Common.SqlState.UndefinedColumn, $"column \"{column}\" of relation \"{table.Name}\" does not exist");
                foreach (var rel in r.Relations)
                {
                    if (rel is SequenceInfo { OwnedBy: { } owner } seq && owner.Table == table && owner.AttNum == col.AttNum)
                    {
                        return CatalogReader.QuoteIdent(seq.Schema.Name) + "." + CatalogReader.QuoteIdent(seq.Name);
                    }
                }

                return null;
            }
        }

        throw new Common.PgException(Common.SqlState.UndefinedTable, $"relation \"{tableName}\" does not exist");
    }

    /// <summary>PostgreSQL's block size: relation sizes are whole pages.</summary>
    private const long Page = 8192;

    /// <summary>
    /// Sizes in PostgreSQL's terms: heap pages (about 100 rows each here), plus one page for the TOAST table's index when
    /// a column is of a variable-length type (PostgreSQL creates it with the table), plus one page per index (a btree's
    /// metapage). Empty tables therefore report exactly what PostgreSQL reports.
    /// </summary>
    private static object? RelationSize(CatalogReader r, uint oid, bool toast, bool indexes) => r.FindRelation(oid) switch
    {
        TableInfo t => ((t.Data.RowVersionCount + 99) / 100 * Page)
            + (toast && t.Columns.Any(c => !c.IsDropped && c.Type.Length == -1) ? Page : 0)
            + (indexes ? t.Indexes.Count * Page : 0),
        null => null,
        SequenceInfo => Page,
        _ => Page,
    };

    /// <summary>pg_size_pretty as PostgreSQL 15 computes it: bytes below 10 kB, then kB..PB below 20 × 1024 - 1 units,
    /// keeping one extra bit for half-up rounding.</summary>
    private static string SizePretty(long size)
    {
        (string Name, long Limit, bool Round, int Bits)[] units =
        [
            ("bytes", 10 * 1024, false, 0), ("kB", (20 * 1024) - 1, true, 10), ("MB", (20 * 1024) - 1, true, 20),
            ("GB", (20 * 1024) - 1, true, 30), ("TB", (20 * 1024) - 1, true, 40), ("PB", (20 * 1024) - 1, true, 50),
        ];
        for (var u = 0; ; u++)
        {
            var unit = units[u];
            if (Math.Abs(size) < unit.Limit || u == units.Length - 1)
            {
                if (unit.Round)
                {
                    size = (size + (size < 0 ? -1 : 1)) / 2;
                }

                return $"{size} {unit.Name}";
            }

            var next = units[u + 1];
            var bits = next.Bits - unit.Bits - (next.Round ? 1 : 0) + (unit.Round ? 1 : 0);
            size /= 1L << bits;
        }
    }
}
