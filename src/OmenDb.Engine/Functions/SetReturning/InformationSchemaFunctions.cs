using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.SetReturning;

/// <summary>
/// information_schema's helper functions that clients call directly: pgjdbc's getPrimaryKeys and getIndexInfo read
/// <c>(information_schema._pg_expandarray(i.indkey)).n</c> and <c>(keys).x</c>.
/// </summary>
internal static class InformationSchemaFunctions
{
    public static void Register(RegistryBuilder r)
    {
        // _pg_expandarray(anyarray) → (x anyelement, n int): each element of the first dimension with its 1-based
        // position, whatever the lower bound (an int2vector such as pg_index.indkey starts at 0).
        r.Srf(13208, "_pg_expandarray", [AnyArray], [("x", AnyElement), ("n", Int4)], (a, _) => Expand((PgArray)a[0]!));
    }

    private static IEnumerable<object?[]> Expand(PgArray array)
    {
        if (array.Dimensions.Length == 0)
        {
            yield break;
        }

        var oneDimension = array.Dimensions.Length == 1;
        for (var i = 0; i < array.Dimensions[0]; i++)
        {
            // A single subscript on a multidimensional array is NULL in PostgreSQL.
            yield return [oneDimension ? array.Elements[i] : null, i + 1];
        }
    }
}
