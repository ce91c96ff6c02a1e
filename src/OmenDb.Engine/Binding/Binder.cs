using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

/// <summary>
/// Turns AST statements into typed plans: resolves names against the catalog (search_path), types every
/// expression the PostgreSQL way, infers $n parameter types, and reports PostgreSQL's SQLSTATEs with the
/// offending token's position. One binder per statement preparation; not thread-safe.
/// </summary>
internal sealed partial class Binder
{
    private readonly List<PgType?> _paramTypes;

    public Binder(CatalogStore catalog, DatabaseInfo database, IReadOnlyList<string> searchPath, string userName,
        IReadOnlyList<PgType?> declaredParamTypes)
    {
        Catalog = catalog;
        Database = database;
        SearchPath = searchPath;
        UserName = userName;
        _paramTypes = [.. declaredParamTypes];
    }

    public CatalogStore Catalog { get; }

    public DatabaseInfo Database { get; }

    public IReadOnlyList<string> SearchPath { get; }

    public string UserName { get; }

    /// <summary>Parameter types after binding ($n → index n-1); unresolved ones default to text.</summary>
    public IReadOnlyList<PgType> ParameterTypes => [.. _paramTypes.Select(t => t ?? PgTypes.Text)];

    /// <summary>The parameter expressions created, to be retyped when the parameter's type is inferred later.</summary>
    private readonly List<ParamExpr> _params = [];

    /// <summary>Wraps an error with the position of the node being bound (1-based, as field P wants).</summary>
    internal static PgException At(PgException ex, SqlNode node)
    {
        if (ex.Position == 0)
        {
            ex.Position = node.Position + 1;
        }

        return ex;
    }

    internal static PgException Error(string sqlState, string message, SqlNode? node, string? hint = null)
        => new(sqlState, message) { Position = node is null ? 0 : node.Position + 1, Hint = hint };

    /// <summary>Finds a schema by name in the current database.</summary>
    public SchemaInfo? FindSchema(string name) => CatalogVisibility.FindSchema(Database, name, Viewer);

    /// <summary>The schema new objects go to: the first existing schema of search_path.</summary>
    public SchemaInfo CreationSchema(QualifiedName name)
    {
        if (name.Schema is { } s)
        {
            return FindSchema(s) ?? throw Error(SqlState.InvalidSchemaName, $"schema \"{s}\" does not exist", name);
        }

        foreach (var sp in SearchPath)
        {
            if (FindSchema(sp) is { } schema && sp != "pg_catalog")
            {
                return schema;
            }
        }

        throw Error(SqlState.InvalidSchemaName, "no schema has been selected to create in", name);
    }

    /// <summary>Resolves a relation name via search_path (pg_catalog first, as PostgreSQL implicitly does).</summary>
    public RelationInfo? FindRelation(QualifiedName name)
    {
        if (name.Catalog is { } db && db != Database.Name)
        {
            throw Error(SqlState.FeatureNotSupported, $"cross-database references are not implemented: \"{string.Join('.', name.Parts)}\"", name);
        }

        if (name.Schema is { } s)
        {
            return (RelationInfo?)FindSystemRelation(s, name.Name) ?? (FindSchema(s) is { } schema ? CatalogVisibility.Find(schema, name.Name, Viewer) : null);
        }

        if (!SearchPath.Contains("pg_catalog") && FindSystemRelation("pg_catalog", name.Name) is { } sys)
        {
            return sys;
        }

        foreach (var sp in SearchPath)
        {
            if (((RelationInfo?)FindSystemRelation(sp, name.Name) ?? (FindSchema(sp) is { } schema ? CatalogVisibility.Find(schema, name.Name, Viewer) : null)) is { } rel)
            {
                return rel;
            }
        }

        return null;
    }

    /// <summary>Resolves a table (or view) or throws 42P01.</summary>
    public RelationInfo RequireRelation(QualifiedName name)
        => FindRelation(name) ?? throw Error(SqlState.UndefinedTable, $"relation \"{name}\" does not exist", name);

    /// <summary>Resolves a table for DML/DDL or throws 42P01 / 42809.</summary>
    public TableInfo RequireTable(QualifiedName name)
    {
        var rel = RequireRelation(name);
        return rel as TableInfo ?? throw Error(SqlState.WrongObjectType, $"\"{name.Name}\" is not a table", name);
    }

    /// <summary>Resolves a type name (with typmod) or throws 42704.</summary>
    public (PgType Type, int Typmod) ResolveType(TypeName typeName)
    {
        var name = typeName.Name;
        var type = PgTypes.FromName(name);
        if (type is null && name == "vector")
        {
            type = PgTypes.Vector;
        }

        if (type is null || (typeName.Schema is { } s && s != "pg_catalog" && s != "public"))
        {
            throw Error(SqlState.UndefinedObject, $"type \"{string.Join('.', typeName.Names)}\" does not exist", typeName);
        }

        var typmod = -1;
        if (typeName.Modifiers.Count > 0)
        {
            var mods = typeName.Modifiers.Select(m => m is IntegerLiteral i ? (int)i.Value
                : throw Error(SqlState.SyntaxError, "type modifiers must be simple constants or identifiers", m)).ToArray();
            typmod = type.Kind switch
            {
                PgTypeKind.Text when type == PgTypes.Varchar || type == PgTypes.Bpchar => CheckLength(mods[0], type, typeName) + 4,
                PgTypeKind.Numeric => CheckNumeric(mods, typeName),
                PgTypeKind.Timestamp or PgTypeKind.TimestampTz or PgTypeKind.Time or PgTypeKind.Interval => Math.Min(mods[0], 6),
                PgTypeKind.Vector => Vectors.VectorMath.TryCheckTypmod(mods, out var typmodError) ? mods[0] : throw At(typmodError, typeName),
                _ => -1,
            };
        }
        else if (type == PgTypes.Bpchar && !typeName.IsArray && typeName.Names[^1] == "bpchar" && typeName.IsSystemSpelling)
        {
            typmod = 5; // char without length = char(1)
        }

        if (type == PgTypes.Interval && typeName.IntervalFields != IntervalFields.None)
        {
            typmod = ValueText.IntervalTypmod(IntervalRange(typeName.IntervalFields), typmod);
        }

        if (typeName.IsArray)
        {
            type = type.ArrayType ?? throw Error(SqlState.UndefinedObject, $"type \"{name}[]\" does not exist", typeName);
        }

        return (type, typmod);
    }

    /// <summary>The range mask of an interval field restriction (INTERVAL_MASK of each field it covers).</summary>
    private static int IntervalRange(IntervalFields fields)
    {
        const int y = ValueText.YearBit, mo = ValueText.MonthBit, d = ValueText.DayBit, h = ValueText.HourBit, mi = ValueText.MinuteBit,
            s = ValueText.SecondBit;
        return fields switch
        {
            IntervalFields.Year => y,
            IntervalFields.Month => mo,
            IntervalFields.Day => d,
            IntervalFields.Hour => h,
            IntervalFields.Minute => mi,
            IntervalFields.YearToMonth => y | mo,
            IntervalFields.DayToHour => d | h,
            IntervalFields.DayToMinute => d | h | mi,
            IntervalFields.DayToSecond => d | h | mi | s,
            IntervalFields.HourToMinute => h | mi,
            IntervalFields.HourToSecond => h | mi | s,
            IntervalFields.MinuteToSecond => mi | s,
            _ => s,
        };
    }

    private static int CheckLength(int n, PgType type, SqlNode node)
    {
        if (n < 1)
        {
            throw Error(SqlState.InvalidParameterValue, $"length for type {type.Name} must be at least 1", node);
        }

        if (n > 10_485_760)
        {
            throw Error(SqlState.InvalidParameterValue, $"length for type {type.Name} cannot exceed 10485760", node);
        }

        return n;
    }

    private static int CheckNumeric(int[] mods, SqlNode node)
    {
        var p = mods[0];
        var s = mods.Length > 1 ? mods[1] : 0;
        if (p < 1 || p > 1000)
        {
            throw Error(SqlState.InvalidParameterValue, $"NUMERIC precision {p} must be between 1 and 1000", node);
        }

        if (s < -1000 || s > 1000)
        {
            throw Error(SqlState.InvalidParameterValue, $"NUMERIC scale {s} must be between -1000 and 1000", node);
        }

        return ((p << 16) | (s & 0xffff)) + 4;
    }

    /// <summary>Records or reads the type of $n.</summary>
    private PgType? GetParamType(int number)
    {
        while (_paramTypes.Count < number)
        {
            _paramTypes.Add(null);
        }

        return _paramTypes[number - 1];
    }

    private void SetParamType(int number, PgType type)
    {
        GetParamType(number);
        _paramTypes[number - 1] = type;
        foreach (var p in _params)
        {
            if (p.Number == number)
            {
                p.SetType(type);
            }
        }
    }
}
