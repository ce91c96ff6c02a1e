using OmenDb.Engine.Vectors;

namespace OmenDb.Engine.Sessions;

public sealed partial class DatabaseEngine
{
    /// <summary>
    /// Starts loading, in the background, the HNSW graph of every hnsw index read back from storage (or rebuilding it
    /// when its stored graph is missing or unusable; see docs/vectors.md). The host calls it once it listens to
    /// <see cref="HnswIndexRegistry.BuildFinished"/>, so that the log says which happened and how long it took; until a
    /// graph is ready its queries search exactly.
    /// </summary>
    public void StartVectorIndexBuilds() => HnswIndexRegistry.StartAll(Catalog);

    /// <summary>Writes the HNSW graphs that changed since they were stored (clean shutdown, before the store closes).</summary>
    private void CheckpointVectorIndexes() => HnswIndexRegistry.Checkpoint(Catalog);
}
