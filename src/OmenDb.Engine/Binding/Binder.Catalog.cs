using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Functions;
using OmenDb.Engine.PgCatalog;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

// pg_catalog and information_schema: system relations, catalog functions and the reg* types.
internal sealed partial class Binder
{
    private CatalogReader? _catalogReader;

    /// <summary>The catalog as this statement's functions read it.</summary>
    private CatalogReader CatalogView => _catalogReader ??= new CatalogReader(Catalog, Database, SearchPath, UserName) { Viewer = Viewer };

    /// <summary>The system relation <paramref name="schema"/>.<paramref name="name"/>, or null.</summary>
    private SystemRelationInfo? FindSystemRelation(string schema, string name)
        => SystemTables.Find(schema, name) is { } table && FindSchema(schema) is { } info ? new SystemRelationInfo(table, info) : null;

    private (PlanNode Plan, List<ScopeItem> Items) BindSystemRelation(SystemRelationInfo rel, RelationRef r, int baseIndex)
    {
        var name = r.Alias?.Name ?? rel.Name;
        var columns = rel.Table.Columns;
        var aliasCols = r.Alias?.Columns ?? [];
        var scopeCols = new List<ScopeColumn>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            scopeCols.Add(new ScopeColumn(i < aliasCols.Count ? aliasCols[i] : c.Name, c.Type, -1, baseIndex + i, c.TableOid, c.ColumnNumber));
        }

        return (new SystemScanNode(rel.Table, name, columns), [new ScopeItem(name, scopeCols)]);
    }

    /// <summary>Binds a catalog function (pg_table_is_visible, format_type, ...), or returns null when the name is not one.</summary>
    private BoundExpr? BindCatalogFunction(FunctionCall f, Scope scope)
    {
        var candidates = CatalogFunctions.Lookup(f.Name.Name);
        if (candidates.Count == 0)
        {
            return null;
        }

        var args = f.Args.Select(a => BindExpr(a, scope)).ToList();
        var actual = args.Select(a => a.Type).ToArray();
        var resolved = TypeResolution.Choose(candidates, actual, c => c.ArgTypes, c => c.ReturnType)
            ?? throw Error(SqlState.UndefinedFunction, $"function {f.Name.Name}({string.Join(", ", actual.Select(t => t.SqlName))}) does not exist", f,
                "No function matches the given name and argument types. You might need to add explicit type casts.");
        var fn = resolved.Candidate;
        var coerced = new BoundExpr[args.Count];
        for (var i = 0; i < coerced.Length; i++)
        {
            var target = fn.ArgTypes[i];
            coerced[i] = target == PgTypes.Any ? ResolveUnknown(args[i]) : Coerce(args[i], target, -1, CastContext.Implicit);
        }

        return new CallExpr(f.Name.Name, fn.Create(CatalogView), coerced, fn.ReturnType, fn.Strict, true, false);
    }

    private static bool IsRegType(PgType type) => type.Kind == PgTypeKind.Oid && type != PgTypes.Oid && type != PgTypes.Xid && type != PgTypes.Cid;

    /// <summary>
    /// Casts that need the catalog: a constant string to regclass / regtype / regproc / regnamespace / regrole (the
    /// input functions look the name up; digits are taken as the OID), and a reg* value to text (the output functions
    /// print the name). Returns null for other casts.
    /// </summary>
    private BoundExpr? BindRegCast(PgType type, BoundExpr operand, SqlNode node)
    {
        if (IsRegType(type) && operand is ConstExpr { Value: string text } && operand.Type.Kind is PgTypeKind.Text or PgTypeKind.Unknown)
        {
            return new ConstExpr(RegInput(type, text.Trim(), node), type);
        }

        if (IsRegType(operand.Type) && type.Kind == PgTypeKind.Text && type != PgTypes.Char)
        {
            var regType = operand.Type;
            var view = CatalogView;
            return new CallExpr(type.Name, (a, _) => RegOutput(view, regType, (uint)a[0]!), [operand], type, true, true, false);
        }

        return null;
    }

    private uint RegInput(PgType type, string text, SqlNode node)
    {
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return uint.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (text == "-")
        {
            return 0;
        }

        var parts = SplitQualified(text);
        var last = parts[^1];
        if (type == PgTypes.Regclass)
        {
            var qn = new QualifiedName(parts);
            return FindRelation(qn)?.Oid ?? throw Error(SqlState.UndefinedTable, $"relation \"{text}\" does not exist", node);
        }

        if (type == PgTypes.Regtype)
        {
            var t = PgTypes.FromName(text.ToLowerInvariant()) ?? PgTypes.FromName(last);
            if (t is null && FindRelation(new QualifiedName(parts)) is TableInfo table)
            {
                return table.RowTypeOid;
            }

            return t?.Oid ?? throw Error(SqlState.UndefinedObject, $"type \"{text}\" does not exist", node);
        }

        if (type == PgTypes.Regproc || type == PgTypes.Regprocedure)
        {
            var paren = last.IndexOf('(', StringComparison.Ordinal);
            var procName = paren >= 0 ? last[..paren] : last;
            return ProcCatalog.FromName(procName)?.Oid ?? throw Error(SqlState.UndefinedFunction, $"function \"{text}\" does not exist", node);
        }

        if (type == PgTypes.Regnamespace)
        {
            return FindSchema(last)?.Oid ?? throw Error(SqlState.UndefinedSchema, $"schema \"{text}\" does not exist", node);
        }

        if (type == PgTypes.Regrole)
        {
            return Catalog.Roles.GetValueOrDefault(last)?.Oid ?? throw Error(SqlState.UndefinedObject, $"role \"{text}\" does not exist", node);
        }

        throw Error(SqlState.FeatureNotSupported, $"input of type {type.Name} is not supported", node);
    }

    /// <summary>Splits a possibly quoted, dot-separated name as the reg* input functions do (unquoted parts fold to lower case).</summary>
    private static List<string> SplitQualified(string text)
    {
        var parts = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var sb = new System.Text.StringBuilder();
            if (text[i] == '"')
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        sb.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        sb.Append(text[i++]);
                    }
                }
            }
            else
            {
                while (i < text.Length && text[i] != '.')
                {
                    sb.Append(char.ToLowerInvariant(text[i++]));
                }
            }

            parts.Add(sb.ToString());
            if (i < text.Length && text[i] == '.')
            {
                i++;
            }
        }

        return parts;
    }

    /// <summary>The reg* output functions: the object's name (qualified when not visible), or the number when it is unknown.</summary>
    internal static string RegOutput(CatalogReader view, PgType type, uint oid)
    {
        if (!IsRegType(type))
        {
            return oid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (oid == 0)
        {
            return "-";
        }

        if (type == PgTypes.Regclass)
        {
            return view.RelationText(oid);
        }

        if (type == PgTypes.Regtype)
        {
            return view.FormatType(oid, null) ?? oid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == PgTypes.Regproc || type == PgTypes.Regprocedure)
        {
            return ProcCatalog.FromOid(oid)?.Name ?? oid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == PgTypes.Regnamespace)
        {
            return view.FindSchema(oid)?.Name ?? oid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == PgTypes.Regrole)
        {
            return view.RoleName(oid) ?? oid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return oid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
