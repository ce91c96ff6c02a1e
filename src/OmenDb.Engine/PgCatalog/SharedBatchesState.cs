using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;

namespace OmenDb.Engine.PgCatalog;

/// <summary>Emits shared, read-only batches, each wrapped in a batch object of this scan's own.</summary>
internal sealed class SharedBatchesState(IReadOnlyList<Batch> batches) : OperatorState
{
    private int _next;

    /// <inheritdoc/>
    public override Batch? Next()
    {
        while (_next < batches.Count)
        {
            var shared = batches[_next++];
            if (shared.RowCount > 0)
            {
                return new Batch(shared.Columns, shared.RowCount);
            }
        }

        return null;
    }
}
