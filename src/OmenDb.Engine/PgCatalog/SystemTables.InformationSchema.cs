using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.PgCatalog;

internal static partial class SystemTables
{
    private static void RegisterInformationSchema()
    {
        Set("information_schema.schemata", static (r, t) => r.Schemas.OrderBy(s => s.Oid).Select(s => t.Row(
            ("catalog_name", r.Database.Name), ("schema_name", s.Name), ("schema_owner", r.RoleName(s.OwnerOid)))));
        Set("information_schema.tables", static (r, t) => UserRelations(r).Where(rel => rel is TableInfo or ViewInfo).Select(rel => t.Row(
            ("table_catalog", r.Database.Name), ("table_schema", rel.Schema.Name), ("table_name", rel.Name),
            ("table_type", rel is ViewInfo ? "VIEW" : rel is TableInfo { IsTemporary: true } ? "LOCAL TEMPORARY" : "BASE TABLE"),
            ("is_insertable_into", rel is TableInfo ? "YES" : "NO"), ("is_typed", "NO"))));
        Set("information_schema.views", static (r, t) => UserRelations(r).OfType<ViewInfo>().Select(v => t.Row(
            ("table_catalog", r.Database.Name), ("table_schema", v.Schema.Name), ("table_name", v.Name), ("view_definition", " " + v.QuerySql + ";"),
            ("check_option", "NONE"), ("is_updatable", "NO"), ("is_insertable_into", "NO"), ("is_trigger_updatable", "NO"),
            ("is_trigger_deletable", "NO"), ("is_trigger_insertable_into", "NO"))));
        Set("information_schema.columns", ColumnsRows);
        Set("information_schema.table_constraints", static (r, t) => UserRelations(r).OfType<TableInfo>().SelectMany(table => table.Constraints
            .Where(c => c.Kind != ConstraintKind.NotNull).Select(c => t.Row(("constraint_catalog", r.Database.Name),
                ("constraint_schema", table.Schema.Name), ("constraint_name", c.Name), ("table_catalog", r.Database.Name),
                ("table_schema", table.Schema.Name), ("table_name", table.Name), ("constraint_type", ConstraintTypeText(c.Kind)),
                ("is_deferrable", "NO"), ("initially_deferred", "NO"), ("enforced", "YES"), ("nulls_distinct", c.Kind == ConstraintKind.Unique ? "YES" : null)))));
        Set("information_schema.key_column_usage", static (r, t) => UserRelations(r).OfType<TableInfo>().SelectMany(table => table.Constraints
            .Where(c => c.Kind is ConstraintKind.PrimaryKey or ConstraintKind.Unique or ConstraintKind.ForeignKey)
            .SelectMany(c => c.Columns.Select((col, i) => t.Row(("constraint_catalog", r.Database.Name), ("constraint_schema", table.Schema.Name),
                ("constraint_name", c.Name), ("table_catalog", r.Database.Name), ("table_schema", table.Schema.Name), ("table_name", table.Name),
                ("column_name", table.Columns[col - 1].Name), ("ordinal_position", i + 1),
                ("position_in_unique_constraint", c.Kind == ConstraintKind.ForeignKey ? i + 1 : null))))));
        Set("information_schema.referential_constraints", static (r, t) => UserRelations(r).OfType<TableInfo>().SelectMany(table => table.Constraints
            .Where(c => c.Kind == ConstraintKind.ForeignKey).Select(c => t.Row(("constraint_catalog", r.Database.Name),
                ("constraint_schema", table.Schema.Name), ("constraint_name", c.Name), ("unique_constraint_catalog", r.Database.Name),
                ("unique_constraint_schema", c.ReferencedTable?.Schema.Name),
                ("unique_constraint_name", c.ReferencedTable?.Constraints.FirstOrDefault(k => k.Kind is ConstraintKind.PrimaryKey or ConstraintKind.Unique
                    && k.Columns.SequenceEqual(c.ReferencedColumns))?.Name),
                ("match_option", "NONE"), ("update_rule", RuleText(c.OnUpdate)), ("delete_rule", RuleText(c.OnDelete))))));
        Set("information_schema.sequences", static (r, t) => UserRelations(r).OfType<SequenceInfo>().Select(s => t.Row(
            ("sequence_catalog", r.Database.Name), ("sequence_schema", s.Schema.Name), ("sequence_name", s.Name),
            ("data_type", ValueText.FormatTypeName(s.DataType)), ("numeric_precision", s.DataType.Length * 8), ("numeric_precision_radix", 2),
            ("numeric_scale", 0), ("start_value", s.Start.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("minimum_value", s.MinValue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("maximum_value", s.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("increment", s.Increment.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cycle_option", s.Cycle ? "YES" : "NO"))));
    }

    private static IEnumerable<RelationInfo> UserRelations(CatalogReader r)
        => r.Relations.OrderBy(rel => rel.Schema.Name, StringComparer.Ordinal).ThenBy(rel => rel.Name, StringComparer.Ordinal);

    private static string ConstraintTypeText(ConstraintKind kind) => kind switch
    {
        ConstraintKind.PrimaryKey => "PRIMARY KEY",
        ConstraintKind.Unique => "UNIQUE",
        ConstraintKind.ForeignKey => "FOREIGN KEY",
        _ => "CHECK",
    };

    private static string RuleText(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.Restrict => "RESTRICT",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        _ => "NO ACTION",
    };

    private static IEnumerable<object?[]> ColumnsRows(CatalogReader r, SystemTable t)
    {
        foreach (var rel in UserRelations(r))
        {
            var columns = rel switch
            {
                TableInfo table => table.Columns,
                ViewInfo view => view.Columns,
                _ => null,
            };
            if (columns is null)
            {
                continue;
            }

            var position = 0;
            foreach (var c in columns)
            {
                if (c.IsDropped)
                {
                    continue;
                }

                position++;
                var type = c.Type;
                var dataType = type.IsArray ? "ARRAY" : type.Kind == PgTypeKind.Vector ? "USER-DEFINED" : ValueText.FormatTypeName(type);
                int? charLength = (type == PgTypes.Varchar || type == PgTypes.Bpchar) && c.Typmod > 4 ? c.Typmod - 4 : null;
                int? precision = type.Kind switch
                {
                    PgTypeKind.Int16 => 16,
                    PgTypeKind.Int32 => 32,
                    PgTypeKind.Int64 => 64,
                    PgTypeKind.Float32 => 24,
                    PgTypeKind.Float64 => 53,
                    PgTypeKind.Numeric when c.Typmod > 4 => ((c.Typmod - 4) >> 16) & 0xffff,
                    _ => null,
                };
                int? scale = type.Kind switch
                {
                    PgTypeKind.Int16 or PgTypeKind.Int32 or PgTypeKind.Int64 => 0,
                    PgTypeKind.Numeric when c.Typmod > 4 => (c.Typmod - 4) & 0xffff,
                    _ => null,
                };
                var seq = c.Identity == '\0' ? null : rel.Schema.Relations.Values.OfType<SequenceInfo>()
                    .FirstOrDefault(q => q.OwnedBy is { } o && o.Table == rel && o.AttNum == c.AttNum);
                var udt = type.IsArray ? "_" + (type.ElementType?.Name ?? "") : type.Name;
                yield return t.Row(("table_catalog", r.Database.Name), ("table_schema", rel.Schema.Name), ("table_name", rel.Name),
                    ("column_name", c.Name), ("ordinal_position", position), ("column_default", c.Generated == '\0' ? c.DefaultSql : null),
                    ("is_nullable", c.NotNull ? "NO" : "YES"), ("data_type", dataType), ("character_maximum_length", charLength),
                    ("character_octet_length", charLength is { } l ? l * 4 : type.Kind == PgTypeKind.Text && type != PgTypes.Char ? 1073741824 : null),
                    ("numeric_precision", precision), ("numeric_precision_radix", precision is null ? null : type.Kind == PgTypeKind.Numeric ? 10 : 2),
                    ("numeric_scale", scale), ("udt_catalog", r.Database.Name),
                    ("udt_schema", type.Kind == PgTypeKind.Vector ? "public" : "pg_catalog"), ("udt_name", type.IsArray ? udt : type.Name),
                    ("dtd_identifier", Invariant(position)),
                    ("is_self_referencing", "NO"), ("is_identity", c.Identity == '\0' ? "NO" : "YES"),
                    ("identity_generation", c.Identity switch { 'a' => "ALWAYS", 'd' => "BY DEFAULT", _ => null }),
                    ("identity_start", Invariant(seq?.Start)), ("identity_increment", Invariant(seq?.Increment)),
                    ("identity_maximum", Invariant(seq?.MaxValue)), ("identity_minimum", Invariant(seq?.MinValue)),
                    ("identity_cycle", seq is { Cycle: true } ? "YES" : "NO"),
                    ("is_generated", c.Generated == '\0' ? "NEVER" : "ALWAYS"), ("generation_expression", c.Generated == '\0' ? null : c.DefaultSql),
                    ("is_updatable", rel is TableInfo ? "YES" : "NO"));
            }
        }
    }

    private static string? Invariant(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
