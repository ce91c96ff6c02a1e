using System.Text;

namespace OmenDb.Engine.Types;

/// <summary>
/// Byte offsets of containers inside PostgreSQL's on-disk jsonb layout, which jsonpath's .keyvalue() reports as each
/// object's "id". A container is a 4-byte header, one 4-byte JEntry per element (per key and per value for objects),
/// then the data: object keys first, then values; strings as raw UTF-8, numerics and containers aligned to 4 bytes,
/// numerics as numeric_in's varlena (6 or 8 header bytes plus 2 per base-10000 digit).
/// </summary>
internal static class JsonbLayout
{
    /// <summary>The offset of <paramref name="target"/> from the start of <paramref name="root"/>'s container, or null if
    /// it is not inside.</summary>
    public static long? ContainerOffset(object root, object target)
    {
        long? found = null;
        Measure(root, 0, target, ref found);
        return found;
    }

    /// <summary>Lays out <paramref name="node"/> at <paramref name="start"/> (already aligned); returns its end offset.</summary>
    private static long Measure(object node, long start, object target, ref long? found)
    {
        if (ReferenceEquals(node, target))
        {
            found = start;
        }

        var pos = start + 4;
        IEnumerable<object> values;
        if (node is List<object> list)
        {
            pos += 4L * list.Count;
            values = list;
        }
        else
        {
            var obj = (List<KeyValuePair<string, object>>)node;
            pos += 8L * obj.Count;
            foreach (var kv in obj)
            {
                pos += Encoding.UTF8.GetByteCount(kv.Key);
            }

            values = obj.Select(kv => kv.Value);
        }

        foreach (var v in values)
        {
            switch (v)
            {
                case string s:
                    pos += Encoding.UTF8.GetByteCount(s);
                    break;
                case JsonText.JsonNumber n:
                    pos = Align(pos) + NumericSize(n.Text);
                    break;
                case List<object> or List<KeyValuePair<string, object>>:
                    pos = Measure(v, Align(pos), target, ref found);
                    break;
                default:
                    // null and booleans live in their JEntry.
                    break;
            }
        }

        return pos;
    }

    private static long Align(long pos) => (pos + 3) & ~3L;

    /// <summary>The varlena size of numeric_in's result for a number's text: short header when the display scale and
    /// base-10000 weight are small, else the long one.</summary>
    private static int NumericSize(string text)
    {
        var t = text.TrimStart('-');
        var dot = t.IndexOf('.');
        var intPart = (dot < 0 ? t : t[..dot]).TrimStart('0');
        var fracPart = dot < 0 ? "" : t[(dot + 1)..];
        var scale = fracPart.Length;
        var intGroups = (intPart.Length + 3) / 4;
        var digits = intPart.PadLeft(intGroups * 4, '0') + fracPart.PadRight((fracPart.Length + 3) / 4 * 4, '0');
        var groups = digits.Length / 4;
        var first = 0;
        while (first < groups && digits.AsSpan(first * 4, 4).SequenceEqual("0000"))
        {
            first++;
        }

        var last = groups;
        while (last > first && digits.AsSpan((last - 1) * 4, 4).SequenceEqual("0000"))
        {
            last--;
        }

        var ndigits = last - first;
        var weight = ndigits == 0 ? 0 : intGroups - 1 - first;
        var isShort = scale <= 63 && weight is >= -64 and <= 63;
        return (isShort ? 6 : 8) + (2 * ndigits);
    }
}
