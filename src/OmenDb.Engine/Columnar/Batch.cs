namespace OmenDb.Engine.Columnar;

/// <summary>
/// A set of rows as columns (Arrow layout), the unit operators pass up the plan. When
/// <see cref="Selection"/> is set, only the rows it lists (ascending) are live: filters narrow the
/// selection instead of copying columns.
/// </summary>
public sealed class Batch
{
    /// <summary>Rows per batch that scans aim for: 2,048 rows × 8 bytes = 16 KiB per int8 column, well inside L2.</summary>
    public const int DefaultSize = 2048;

    /// <summary>Creates a batch over the given columns with <paramref name="rowCount"/> physical rows.</summary>
    public Batch(ColumnVector[] columns, int rowCount)
    {
        Columns = columns;
        RowCount = rowCount;
    }

    /// <summary>The columns, all with at least <see cref="RowCount"/> rows.</summary>
    public ColumnVector[] Columns { get; }

    /// <summary>Physical rows in the columns.</summary>
    public int RowCount { get; set; }

    /// <summary>Live row indexes (ascending), or null when every physical row is live.</summary>
    public int[]? Selection { get; set; }

    /// <summary>Number of entries of <see cref="Selection"/> in use.</summary>
    public int SelectionCount { get; set; }

    /// <summary>Number of live rows.</summary>
    public int LiveCount => Selection is null ? RowCount : SelectionCount;

    /// <summary>Text output of oid-like columns whose output function reads the catalog (regclass, regtype, ...), or null.</summary>
    public Func<Types.PgType, uint, string>? RegNames { get; set; }

    /// <summary>The physical index of live row <paramref name="i"/>.</summary>
    public int RowAt(int i) => Selection is null ? i : Selection[i];
}
