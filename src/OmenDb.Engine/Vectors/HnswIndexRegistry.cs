using System.Runtime.CompilerServices;
using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Persistence;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// The <see cref="HnswIndex"/> of each catalogued hnsw index, hung off its <see cref="IndexInfo"/> so that DROP INDEX,
/// DROP TABLE or DROP SCHEMA (which unlink the catalog object) free the graph with it, and a DROP rolled back finds it
/// again; its stored graph is deleted when the DROP commits. Graphs are written to storage (<see cref="HnswGraphStore"/>)
/// when a build ends and at a clean shutdown; after a restart <see cref="StartAll"/> loads each one in the background (or
/// rebuilds it, saying why) and the server log says how long it took; until then the planner searches exactly.
/// </summary>
public static class HnswIndexRegistry
{
    private static readonly ConditionalWeakTable<IndexInfo, HnswIndex> s_indexes = [];

    /// <summary>Indexes dropped by a transaction not yet ended, whose graph may still be being written.</summary>
    private static readonly ConditionalWeakTable<IndexInfo, HnswIndex> s_dropped = [];

    /// <summary>Raised when a build ends (the server logs it).</summary>
    public static event Action<HnswBuildReport>? BuildFinished;

    /// <summary>Raised when a graph was written to storage (the server logs it).</summary>
    public static event Action<HnswStoreReport>? GraphStored;

    internal static void OnGraphStored(HnswStoreReport report) => GraphStored?.Invoke(report);

    /// <summary>The index of <paramref name="info"/>, created and its build started on first use (in the background
    /// unless <paramref name="inline"/>; <paramref name="pid"/> is the building session's, 0 for none); null when the catalog entry is not an hnsw index this engine can serve.</summary>
    internal static HnswIndex? Get(IndexInfo info, string reason = "first use", bool inline = false, int pid = 0, bool load = false)
    {
        if (info.Method != "hnsw")
        {
            return null;
        }

        if (s_indexes.TryGetValue(info, out var existing))
        {
            return existing;
        }

        if (HnswOptions.FromCatalog(info) is not { } options)
        {
            return null;
        }

        var created = s_indexes.GetValue(info, i => new HnswIndex(i, i.Columns[0] - 1, options) { Pid = pid });
        created.Start(reason, inline, static report => BuildFinished?.Invoke(report), load);
        return created;
    }

    /// <summary>Stops the build of a dropped index (its graph goes with the catalog object).</summary>
    internal static void Cancel(IndexInfo info)
    {
        if (s_indexes.TryGetValue(info, out var index))
        {
            index.Cancel();
            s_indexes.Remove(info);
            s_dropped.AddOrUpdate(info, index);
        }
    }

    /// <summary>A DROP undone (ROLLBACK, or ROLLBACK TO a savepoint before it) of an index the catalog holds again: the
    /// cancelled index is let go, and the graph it had stored (which the DROP left in storage) is loaded back in the
    /// background, not rebuilt.</summary>
    internal static void Restore(IndexInfo info)
    {
        s_dropped.Remove(info);
        Get(info, "DROP rolled back", load: true);
    }

    /// <summary>Deletes the stored graph of a dropped index (at the DROP's commit), after a write of it that was running
    /// (<see cref="HnswIndex.DeleteStoredGraph"/>). A storage error leaves it to the next start, which removes stored
    /// graphs no index owns.</summary>
    internal static void DeleteStoredGraph(IndexInfo info)
    {
        s_dropped.TryGetValue(info, out var dropped);
        s_dropped.Remove(info);
        if (!info.Table.IsTemporary && (info.Table.Schema.Database.RowLog as DurableStore)?.Kv is { } kv)
        {
            try
            {
                if (dropped is null)
                {
                    HnswGraphStore.Delete(kv, info.Oid);
                }
                else
                {
                    dropped.DeleteStoredGraph(kv);
                }
            }
            catch (PgException)
            {
                // The committed DROP stands; StartAll's sweep deletes the graph.
            }
        }
    }

    /// <summary>Every hnsw index with a graph (for pg_stat_progress_create_index).</summary>
    internal static IEnumerable<HnswIndex> All()
    {
        foreach (var (_, index) in s_indexes)
        {
            yield return index;
        }
    }

    /// <summary>Completes when every build started so far has ended (tests, and callers that want the graphs ready).</summary>
    public static Task WhenBuilt() => Task.WhenAll([.. All().Select(i => i.Build).OfType<Task>()]);

    /// <summary>Loads (or, when its stored graph is missing or unusable, rebuilds) in the background the graph of every
    /// hnsw index of a catalog read back from storage, and removes stored graphs no index owns any more.</summary>
    internal static void StartAll(CatalogStore catalog)
    {
        var indexes = HnswIndexes(catalog);
        if ((catalog.RowLog as DurableStore)?.Kv is { } kv)
        {
            HnswGraphStore.DeleteOthers(kv, [.. indexes.Select(static i => i.Oid)]);
        }

        foreach (var index in indexes)
        {
            Get(index, "restart", load: true);
        }
    }

    /// <summary>
    /// The clean-shutdown checkpoint of a catalog's graphs: running builds are stopped (the next start builds them
    /// again), and every graph that changed since it was written is written, so that the next start loads it whole.
    /// </summary>
    internal static void Checkpoint(CatalogStore catalog)
    {
        foreach (var info in HnswIndexes(catalog))
        {
            if (!s_indexes.TryGetValue(info, out var index))
            {
                continue;
            }

            if (index.Build is { IsCompleted: false } running)
            {
                index.Cancel();
                try
                {
                    running.Wait();
                }
                catch (AggregateException)
                {
                    // A build that failed has nothing to store; the shutdown goes on to close the store.
                }
            }
            else
            {
                index.Persist();
            }
        }
    }

    private static List<IndexInfo> HnswIndexes(CatalogStore catalog)
    {
        lock (catalog.SyncRoot)
        {
            return [.. catalog.Databases.Values.SelectMany(d => d.Schemas.Values).SelectMany(s => s.Relations.Values).OfType<IndexInfo>()
                .Where(i => i.Method == "hnsw")];
        }
    }
}
