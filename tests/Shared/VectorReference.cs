using System.Globalization;

namespace OmenDb.Tests.Shared;

/// <summary>
/// The scalar reference of the vector tests (linked into the Engine and Wire test projects): each operator's distance
/// in double precision, written out as pgvector defines it, and a vector's text literal.
/// </summary>
internal static class VectorReference
{
    public static double Reference(string op, float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0, l2 = 0, l1 = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
            l2 += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
            l1 += Math.Abs((double)a[i] - b[i]);
        }

        return op switch
        {
            "<->" => Math.Sqrt(l2),
            "<=>" => 1 - (dot / Math.Sqrt(na * nb)),
            "<#>" => -dot,
            _ => l1,
        };
    }

    public static string Text(float[] v) => "[" + string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
