using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.PgCatalog;

internal static partial class SystemTables
{
    /// <summary>pg_class.oid of pg_class, pg_namespace, pg_type and pg_proc (pg_depend.classid, pg_description.classoid).</summary>
    public const uint PgClassOid = 1259, PgNamespaceOid = 2615, PgTypeOid = 1247, PgProcOid = 1255, PgConstraintOid = 2606;

    /// <summary>The default collation's OID (attcollation of collatable columns).</summary>
    private const uint DefaultCollationOid = 100;

    private static void RegisterRelations()
    {
        Set("pg_class", PgClassRows);
        Set("pg_attribute", PgAttributeRows);
        Set("pg_attrdef", static (r, t) => r.Relations.OfType<TableInfo>().SelectMany(table => table.Columns
            .Where(c => c.DefaultSql is not null && !c.IsDropped)
            .Select(c => t.Row(("oid", c.DefaultOid), ("adrelid", table.Oid), ("adnum", c.AttNum), ("adbin", c.DefaultSql)))));
        Set("pg_index", static (r, t) => r.Relations.OfType<IndexInfo>().Select(i => IndexRow(t, i)));
        Set("pg_constraint", static (r, t) => r.Relations.OfType<TableInfo>()
            .SelectMany(table => table.Constraints.Where(c => c.Kind != ConstraintKind.NotNull).Select(c => ConstraintRow(t, table, c))));
        Set("pg_sequence", static (r, t) => r.Relations.OfType<SequenceInfo>().Select(s => t.Row(
            ("seqrelid", s.Oid), ("seqtypid", s.DataType.Oid), ("seqstart", s.Start), ("seqincrement", s.Increment),
            ("seqmax", s.MaxValue), ("seqmin", s.MinValue), ("seqcache", s.Cache), ("seqcycle", s.Cycle))));
        Set("pg_depend", PgDependRows);
        Set("pg_description", PgDescriptionRows);
    }

    private static IEnumerable<object?[]> PgClassRows(CatalogReader r, SystemTable t)
        => Fixed(t, SystemClassRows).Concat(UserClassRows(r, t));

    private static IEnumerable<object?[]> SystemClassRows(SystemTable t)
    {
        foreach (var sys in s_tables)
        {
            yield return t.Row(("oid", sys.Oid), ("relname", sys.Name), ("relnamespace", SchemaOid(sys.Schema)), ("relowner", 10),
                ("relam", sys.RelKind == 'r' ? 2 : 0), ("relkind", sys.RelKind), ("relnatts", sys.Columns.Count), ("relpersistence", 'p'),
                ("relreplident", 'n'), ("relispopulated", true), ("reltuples", -1f),
                ("relhasindex", sys.RelKind == 'r'));
        }
    }

    private static IEnumerable<object?[]> UserClassRows(CatalogReader r, SystemTable t)
    {
        foreach (var rel in r.Relations)
        {
            var temp = rel is TableInfo { IsTemporary: true };
            var options = rel.Options.Count == 0 ? null : rel.Options.ToArray();
            switch (rel)
            {
                case TableInfo table:
                    yield return t.Row(("oid", rel.Oid), ("relname", rel.Name), ("relnamespace", rel.Schema.Oid), ("reltype", table.RowTypeOid),
                        ("relowner", rel.OwnerOid), ("relam", 2), ("relfilenode", rel.Oid), ("relkind", 'r'), ("relpersistence", temp ? 't' : 'p'),
                        ("relnatts", table.Columns.Count), ("relchecks", table.Constraints.Count(c => c.Kind == ConstraintKind.Check)),
                        ("relhasindex", table.Indexes.Count > 0), ("relreplident", 'd'), ("relispopulated", true),
                        ("reltuples", (float)table.RelTuples), ("reloptions", options));
                    break;
                case ViewInfo view:
                    yield return t.Row(("oid", rel.Oid), ("relname", rel.Name), ("relnamespace", rel.Schema.Oid), ("reltype", view.RowTypeOid),
                        ("relowner", rel.OwnerOid), ("relkind", 'v'), ("relpersistence", 'p'), ("relnatts", view.Columns.Count),
                        ("relhasrules", true), ("relreplident", 'n'), ("relispopulated", true), ("reltuples", -1f), ("reloptions", options));
                    break;
                case IndexInfo index:
                    yield return t.Row(("oid", rel.Oid), ("relname", rel.Name), ("relnamespace", rel.Schema.Oid), ("relowner", rel.OwnerOid),
                        ("relam", AccessMethodOid(index.Method)), ("relfilenode", rel.Oid), ("relkind", 'i'),
                        ("relpersistence", index.Table.IsTemporary ? 't' : 'p'), ("relnatts", index.Columns.Length), ("relreplident", 'n'),
                        ("relispopulated", true), ("reltuples", -1f), ("reloptions", options));
                    break;
                case SequenceInfo:
                    yield return t.Row(("oid", rel.Oid), ("relname", rel.Name), ("relnamespace", rel.Schema.Oid), ("relowner", rel.OwnerOid),
                        ("relfilenode", rel.Oid), ("relkind", 'S'), ("relpersistence", 'p'), ("relnatts", 3), ("relreplident", 'n'),
                        ("relispopulated", true), ("reltuples", 1f));
                    break;
            }
        }
    }

    private static IEnumerable<object?[]> PgAttributeRows(CatalogReader r, SystemTable t)
        => Fixed(t, static t => s_tables.SelectMany(sys => sys.Columns.Select(c =>
            AttributeRow(t, sys.Oid, c.Name, c.ColumnNumber, c.Type, -1, false, '\0', '\0', false)))).Concat(UserAttributeRows(r, t));

    private static IEnumerable<object?[]> UserAttributeRows(CatalogReader r, SystemTable t)
    {
        foreach (var rel in r.Relations)
        {
            switch (rel)
            {
                case TableInfo table:
                    foreach (var c in table.Columns)
                    {
                        var name = c.IsDropped ? $"........pg.dropped.{c.AttNum}........" : c.Name;
                        yield return AttributeRow(t, table.Oid, name, c.AttNum, c.Type, c.Typmod, c.NotNull, c.Identity, c.Generated, c.IsDropped,
                            c.DefaultSql is not null);
                    }

                    break;
                case ViewInfo view:
                    foreach (var c in view.Columns)
                    {
                        yield return AttributeRow(t, view.Oid, c.Name, c.AttNum, c.Type, c.Typmod, false, '\0', '\0', false);
                    }

                    break;
                case IndexInfo index:
                    for (var i = 0; i < index.Columns.Length; i++)
                    {
                        var col = index.Columns[i] > 0 ? r.TableOf(index).Columns[index.Columns[i] - 1] : null;
                        yield return AttributeRow(t, index.Oid, col?.Name ?? "expr", (short)(i + 1), col?.Type ?? PgTypes.Text, col?.Typmod ?? -1,
                            false, '\0', '\0', false);
                    }

                    break;
                case SequenceInfo seq:
                    yield return AttributeRow(t, seq.Oid, "last_value", 1, PgTypes.Int8, -1, true, '\0', '\0', false);
                    yield return AttributeRow(t, seq.Oid, "log_cnt", 2, PgTypes.Int8, -1, true, '\0', '\0', false);
                    yield return AttributeRow(t, seq.Oid, "is_called", 3, PgTypes.Bool, -1, true, '\0', '\0', false);
                    break;
            }
        }
    }

    private static object?[] AttributeRow(SystemTable t, uint relid, string name, short attnum, PgType type, int typmod, bool notNull,
        char identity, char generated, bool dropped, bool hasDefault = false)
        => t.Row(("attrelid", relid), ("attname", name), ("atttypid", dropped ? 0u : type.Oid), ("attstattarget", -1), ("attlen", type.Length),
            ("attnum", attnum), ("attndims", type.IsArray ? 1 : 0), ("attcacheoff", -1), ("atttypmod", typmod), ("attbyval", type.ByValue),
            ("attalign", Align(type)), ("attstorage", type.Length == -1 ? 'x' : 'p'), ("attcompression", '\0'), ("attnotnull", notNull),
            ("atthasdef", hasDefault), ("atthasmissing", false), ("attidentity", identity), ("attgenerated", generated),
            ("attisdropped", dropped), ("attislocal", true), ("attinhcount", 0),
            ("attcollation", type.Kind == PgTypeKind.Text && type != PgTypes.Char ? DefaultCollationOid : 0u));

    private static char Align(PgType type) => type.Length switch
    {
        1 => 'c',
        2 => 's',
        8 => 'd',
        16 => 'd',
        _ => 'i',
    };

    private static object?[] IndexRow(SystemTable t, IndexInfo i)
    {
        var n = i.Columns.Length;
        var options = new short[n];
        for (var k = 0; k < n && k < i.Descending.Length; k++)
        {
            options[k] = (short)(i.Descending[k] ? 3 : 0);
        }

        var collations = i.Columns.Select(c => c > 0 && i.Table.Columns[c - 1].Type.Kind == PgTypeKind.Text ? DefaultCollationOid : 0u).ToArray();
        return t.Row(("indexrelid", i.Oid), ("indrelid", i.Table.Oid), ("indnatts", n), ("indnkeyatts", n), ("indisunique", i.IsUnique),
            ("indisprimary", i.IsPrimary), ("indimmediate", true), ("indisvalid", true), ("indisready", true), ("indislive", true),
            ("indkey", Vector(PgTypes.Int2, [.. i.Columns.Select(c => (object?)c)])),
            ("indcollation", Vector(PgTypes.Oid, [.. collations.Select(c => (object?)c)])),
            ("indclass", Vector(PgTypes.Oid, [.. i.Columns.Select(_ => (object?)0u)])),
            ("indoption", Vector(PgTypes.Int2, [.. options.Select(o => (object?)o)])),
            ("indexprs", i.Expressions.Count == 0 ? null : string.Join(", ", i.Expressions)), ("indpred", i.PredicateSql));
    }

    /// <summary>An int2vector or oidvector value: subscripts start at 0.</summary>
    internal static PgArray Vector(PgType element, object?[] values)
        => values.Length == 0 ? new PgArray(element, values) : new PgArray(element, values, [values.Length], [0]);

    private static object?[] ConstraintRow(SystemTable t, TableInfo table, ConstraintInfo c)
        => t.Row(("oid", c.Oid), ("conname", c.Name), ("connamespace", table.Schema.Oid), ("contype", (char)(byte)c.Kind),
            ("convalidated", true), ("conrelid", table.Oid), ("conindid", c.Index?.Oid ?? c.ReferencedTable?.Indexes
                .FirstOrDefault(i => i.IsUnique && i.Columns.SequenceEqual(c.ReferencedColumns))?.Oid ?? 0u),
            ("confrelid", c.ReferencedTable?.Oid ?? 0u), ("confupdtype", c.Kind == ConstraintKind.ForeignKey ? (char)(byte)c.OnUpdate : ' '),
            ("confdeltype", c.Kind == ConstraintKind.ForeignKey ? (char)(byte)c.OnDelete : ' '),
            ("confmatchtype", c.Kind == ConstraintKind.ForeignKey ? 's' : ' '), ("conislocal", true), ("connoinherit", c.Kind == ConstraintKind.Check && false),
            ("conkey", c.Columns), ("confkey", c.Kind == ConstraintKind.ForeignKey ? c.ReferencedColumns : null),
            ("conbin", c.CheckSql));

    private static IEnumerable<object?[]> PgDependRows(CatalogReader r, SystemTable t)
    {
        foreach (var rel in r.Relations)
        {
            if (rel is SequenceInfo { OwnedBy: { } owner } seq)
            {
                var identity = owner.Table.Columns[owner.AttNum - 1].Identity != '\0';
                yield return t.Row(("classid", PgClassOid), ("objid", seq.Oid), ("objsubid", 0), ("refclassid", PgClassOid),
                    ("refobjid", owner.Table.Oid), ("refobjsubid", owner.AttNum), ("deptype", identity ? 'i' : 'a'));
            }
            else if (rel is IndexInfo { Constraint: { } con } index)
            {
                yield return t.Row(("classid", PgClassOid), ("objid", index.Oid), ("objsubid", 0), ("refclassid", PgConstraintOid),
                    ("refobjid", con.Oid), ("refobjsubid", 0), ("deptype", 'i'));
            }
            else if (rel is IndexInfo plain)
            {
                foreach (var col in plain.Columns.Where(c => c > 0))
                {
                    yield return t.Row(("classid", PgClassOid), ("objid", plain.Oid), ("objsubid", 0), ("refclassid", PgClassOid),
                        ("refobjid", plain.Table.Oid), ("refobjsubid", col), ("deptype", 'a'));
                }
            }
        }
    }

    private static IEnumerable<object?[]> PgDescriptionRows(CatalogReader r, SystemTable t)
    {
        foreach (var schema in r.Schemas)
        {
            if (CatalogVisibility.CommentAsSeenBy(schema, r.Viewer) is { } sc)
            {
                yield return t.Row(("objoid", schema.Oid), ("classoid", PgNamespaceOid), ("objsubid", 0), ("description", sc));
            }
        }

        foreach (var rel in r.Relations)
        {
            if (rel.Comment is { } rc)
            {
                yield return t.Row(("objoid", rel.Oid), ("classoid", PgClassOid), ("objsubid", 0), ("description", rc));
            }

            var columns = rel switch
            {
                TableInfo table => table.Columns,
                ViewInfo view => view.Columns,
                _ => [],
            };
            foreach (var c in columns)
            {
                if (c.Comment is { } cc && !c.IsDropped)
                {
                    yield return t.Row(("objoid", rel.Oid), ("classoid", PgClassOid), ("objsubid", (int)c.AttNum), ("description", cc));
                }
            }

            if (rel is TableInfo constrained)
            {
                foreach (var c in constrained.Constraints)
                {
                    if (c.Comment is { } cc)
                    {
                        yield return t.Row(("objoid", c.Oid), ("classoid", PgConstraintOid), ("objsubid", 0), ("description", cc));
                    }
                }
            }
        }
    }

    /// <summary>pg_namespace.oid of a system schema.</summary>
    private static uint SchemaOid(string schema)
        => schema == "pg_catalog" ? CatalogStore.PgCatalogNamespaceOid : CatalogStore.InformationSchemaNamespaceOid;

    /// <summary>pg_am rows: PostgreSQL's OIDs for its methods, user-range ones for ours (as an extension's would be).</summary>
    internal static readonly (uint Oid, string Name, char Type, string Handler)[] AccessMethods =
    [
        (2, "heap", 't', "heap_tableam_handler"), (403, "btree", 'i', "bthandler"), (405, "hash", 'i', "hashhandler"),
        (783, "gist", 'i', "gisthandler"), (2742, "gin", 'i', "ginhandler"), (4000, "spgist", 'i', "spghandler"),
        (3580, "brin", 'i', "brinhandler"), (16388, "hnsw", 'i', "hnswhandler"), (16389, "ivfflat", 'i', "ivfflathandler"),
        (16390, "learned", 'i', "learnedhandler"),
    ];

    private static uint AccessMethodOid(string method)
    {
        foreach (var am in AccessMethods)
        {
            if (am.Name == method)
            {
                return am.Oid;
            }
        }

        return 403;
    }
}
