using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.PgCatalog;

internal static partial class SystemTables
{
    private static void RegisterTypes()
    {
        Set("pg_type", PgTypeRows);
        Set("pg_proc", static (_, t) => Fixed(t, static t => ProcCatalog.All.Select(p => t.Row(("oid", p.Oid), ("proname", p.Name),
            ("pronamespace", CatalogStore.PgCatalogNamespaceOid), ("proowner", 10), ("prolang", 12), ("procost", 1f),
            ("prorows", p.ReturnsSet ? 1000f : 0f), ("prokind", p.Kind), ("proisstrict", p.Strict), ("proretset", p.ReturnsSet),
            ("provolatile", p.Volatility), ("proparallel", 's'), ("pronargs", p.ArgTypes.Length), ("prorettype", p.ReturnType.Oid),
            ("proargtypes", Vector(PgTypes.Oid, [.. p.ArgTypes.Select(a => (object?)a.Oid)])), ("prosrc", p.Name)))));
        Set("pg_namespace", static (r, t) => r.Schemas.OrderBy(s => s.Oid)
            .Select(s => t.Row(("oid", s.Oid), ("nspname", s.Name), ("nspowner", s.OwnerOid))));
        Set("pg_am", static (_, t) => AccessMethods.Select(a => t.Row(("oid", a.Oid), ("amname", a.Name), ("amhandler", 0u), ("amtype", a.Type))));
        Set("pg_collation", static (_, t) => new[]
        {
            t.Row(("oid", 100), ("collname", "default"), ("collnamespace", 11), ("collowner", 10), ("collprovider", 'd'),
                ("collisdeterministic", true), ("collencoding", -1)),
            t.Row(("oid", 950), ("collname", "C"), ("collnamespace", 11), ("collowner", 10), ("collprovider", 'c'),
                ("collisdeterministic", true), ("collencoding", -1), ("collcollate", "C"), ("collctype", "C")),
            t.Row(("oid", 951), ("collname", "POSIX"), ("collnamespace", 11), ("collowner", 10), ("collprovider", 'c'),
                ("collisdeterministic", true), ("collencoding", -1), ("collcollate", "POSIX"), ("collctype", "POSIX")),
        });
        Set("pg_extension", static (r, t) => new[]
            {
                t.Row(("oid", 13000 + 1), ("extname", "plpgsql"), ("extowner", 10), ("extnamespace", 11), ("extrelocatable", false),
                    ("extversion", "1.0")),
            }.Concat(r.Database.Extensions.Select((e, i) => t.Row(("oid", 16000 + i), ("extname", e.Key), ("extowner", 10),
                ("extnamespace", CatalogStore.PublicNamespaceOid), ("extrelocatable", true), ("extversion", e.Value)))));
        Set("pg_language", static (_, t) => new[]
        {
            t.Row(("oid", 12), ("lanname", "internal"), ("lanowner", 10)),
            t.Row(("oid", 13), ("lanname", "c"), ("lanowner", 10)),
            t.Row(("oid", 14), ("lanname", "sql"), ("lanowner", 10), ("lanpltrusted", true)),
        });
    }

    private static IEnumerable<object?[]> PgTypeRows(CatalogReader r, SystemTable t) => Fixed(t, BuiltinTypeRows).Concat(RowTypeRows(r, t));

    private static IEnumerable<object?[]> BuiltinTypeRows(SystemTable t)
    {
        foreach (var type in PgTypes.All)
        {
            var (tin, tout, trecv, tsend) = ProcCatalog.IoOf(type);
            var ns = type == PgTypes.Vector || type.ElementType == PgTypes.Vector ? CatalogStore.PublicNamespaceOid : CatalogStore.PgCatalogNamespaceOid;
            yield return t.Row(("oid", type.Oid), ("typname", type.Name), ("typnamespace", ns), ("typowner", 10), ("typlen", type.Length),
                ("typbyval", type.ByValue), ("typtype", type.TypType == 'p' ? 'p' : 'b'), ("typcategory", type.Category),
                ("typispreferred", type.IsPreferred), ("typisdefined", true), ("typdelim", ','), ("typelem", type.ElementOid),
                ("typarray", type.ArrayOid), ("typinput", tin), ("typoutput", tout), ("typreceive", trecv), ("typsend", tsend),
                ("typalign", Align(type)), ("typstorage", type.Length == -1 ? 'x' : 'p'), ("typtypmod", -1),
                ("typcollation", type.Kind == PgTypeKind.Text && type != PgTypes.Char && type.TypType != 'p' ? DefaultCollationOid : 0u));
        }

    }

    private static IEnumerable<object?[]> RowTypeRows(CatalogReader r, SystemTable t)
    {
        var (rin, rout, rrecv, rsend) = ProcCatalog.RecordIo;
        foreach (var rel in r.Relations)
        {
            var rowType = rel switch
            {
                TableInfo table => table.RowTypeOid,
                ViewInfo view => view.RowTypeOid,
                _ => 0u,
            };
            if (rowType != 0)
            {
                yield return t.Row(("oid", rowType), ("typname", rel.Name), ("typnamespace", rel.Schema.Oid), ("typowner", rel.OwnerOid),
                    ("typlen", -1), ("typtype", 'c'), ("typcategory", 'C'), ("typisdefined", true), ("typdelim", ','), ("typrelid", rel.Oid),
                    ("typinput", rin), ("typoutput", rout), ("typreceive", rrecv), ("typsend", rsend), ("typalign", 'd'), ("typstorage", 'x'),
                    ("typtypmod", -1));
            }
        }
    }
}
