using OmenDb.Common;
using OmenDb.Engine.Catalog;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// What an hnsw index is built with: the operator class's metric, pgvector's storage parameters <c>m</c> (2..100,
/// default 16) and <c>ef_construction</c> (4..1000, default 64, at least 2·m), and the column's dimension count (1..2000).
/// Parsing follows PostgreSQL's reloptions (messages and SQLSTATE 22023, integers given as "6.0" or '6' accepted) and
/// pgvector's build checks, whose errors are elog(ERROR) and so XX000 in pgvector too.
/// </summary>
internal sealed record HnswOptions(VectorMetric Metric, int M, int EfConstruction, int Dimensions)
{
    /// <summary>pgvector's HNSW_MAX_DIM for the vector type.</summary>
    public const int MaxDimensions = 2000;

    /// <summary>The metric of one of pgvector's operator classes for vector (null = the default, vector_l2_ops), or null when unknown.</summary>
    public static VectorMetric? MetricOfOpClass(string? opClass) => opClass switch
    {
        null or "vector_l2_ops" => VectorMetric.L2,
        "vector_cosine_ops" => VectorMetric.Cosine,
        "vector_ip_ops" => VectorMetric.NegativeInnerProduct,
        "vector_l1_ops" => VectorMetric.L1,
        _ => null,
    };

    /// <summary>m and ef_construction from <c>WITH (...)</c> as "name" or "name=value" strings (IndexInfo.Options).</summary>
    public static (int M, int EfConstruction) ParseStorageParameters(IReadOnlyList<string> options)
    {
        int? m = null, ef = null;
        foreach (var option in options)
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? option : option[..eq];
            var value = eq < 0 ? "true" : option[(eq + 1)..];
            switch (name)
            {
                case "m":
                    m = m is null ? Sessions.StorageParameters.ParseInteger(name, value, 2, 100) : throw Duplicate(name);
                    break;
                case "ef_construction":
                    ef = ef is null ? Sessions.StorageParameters.ParseInteger(name, value, 4, 1000) : throw Duplicate(name);
                    break;
                default:
                    throw new PgException(SqlState.InvalidParameterValue, $"unrecognized parameter \"{name}\"");
            }
        }

        return (m ?? 16, ef ?? 64);
    }

    /// <summary>The options of a catalogued hnsw index on a vector column, or null when it cannot be served (not a plain
    /// vector column with dimensions, or an unknown operator class).</summary>
    public static HnswOptions? FromCatalog(IndexInfo index)
    {
        if (index.Columns is not [var attnum and > 0] || index.PredicateSql is not null
            || attnum > index.Table.Columns.Count || MetricOfOpClass(index.OpClasses.FirstOrDefault()) is not { } metric)
        {
            return null;
        }

        var column = index.Table.Columns[attnum - 1];
        if (column.IsDropped || column.Type != Types.PgTypes.Vector || column.Typmod is < 1 or > MaxDimensions)
        {
            return null;
        }

        var (m, ef) = ParseStorageParameters(index.Options);
        return new HnswOptions(metric, m, ef, column.Typmod);
    }

    private static PgException Duplicate(string name) => new(SqlState.InvalidParameterValue, $"parameter \"{name}\" specified more than once");
}
