using OmenDb.Engine.Vectors;

namespace OmenDb.Engine.Sessions;

public sealed partial class DatabaseEngine
{
    /// <summary>
    /// Starts rebuilding, in the background, the HNSW graph of every hnsw index read back from storage (graphs are not
    /// persisted; see docs/vectors.md). The host calls it once it listens to <see cref="HnswIndexRegistry.BuildFinished"/>,
    /// so that the log says how long each rebuild took; until a graph is ready its queries search exactly.
    /// </summary>
    public void StartVectorIndexBuilds() => HnswIndexRegistry.StartAll(Catalog);
}
