using System.Collections.Concurrent;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>
/// Field names and types of anonymous <c>record</c> values whose shape is known when they are bound, such as the
/// result of a set-returning function with several output columns called in a select list. As in PostgreSQL (whose
/// "blessed" record types are identified by a typmod), the descriptor is found through the expression's typmod, which
/// follows the value through derived tables, so that <c>(expr).field</c> can be bound further up. Descriptors are
/// shared and deduplicated by shape, so their number stays bounded by the distinct shapes in use.
/// </summary>
internal static class RecordDescriptors
{
    private static readonly ConcurrentDictionary<string, int> s_byShape = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<int, (string Name, PgType Type)[]> s_byTypmod = new();
    private static int s_next = -1;

    /// <summary>The typmod that identifies records of these fields.</summary>
    public static int Register((string Name, PgType Type)[] fields)
    {
        var shape = string.Join(",", fields.Select(f => $"{f.Name}:{f.Type.Oid}"));
        return s_byShape.GetOrAdd(shape, _ =>
        {
            var typmod = Interlocked.Increment(ref s_next);
            s_byTypmod[typmod] = fields;
            return typmod;
        });
    }

    /// <summary>The fields of records with this typmod, or null when the shape is unknown.</summary>
    public static (string Name, PgType Type)[]? Find(int typmod) => s_byTypmod.GetValueOrDefault(typmod);
}
