using System.Globalization;
using System.Text;
using OmenDb.Engine.Functions.Temporal;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Json;

/// <summary>
/// SQL values to JSON text (datum_to_json / datum_to_jsonb): numbers and booleans bare, text escaped, arrays as JSON
/// arrays, date/time values in ISO 8601 with a 'T', json embedded verbatim, jsonb canonical, anything else as its
/// text output in a JSON string.
/// </summary>
internal static class JsonValues
{
    /// <summary>Appends the JSON for one SQL value (json style: arrays without spaces after commas).</summary>
    public static void Append(StringBuilder sb, PgType type, object? value, EvalContext c, bool jsonb)
    {
        if (value is null)
        {
            sb.Append("null");
            return;
        }

        switch (type.Kind)
        {
            case PgTypeKind.Bool:
                sb.Append((bool)value ? "true" : "false");
                return;
            case PgTypeKind.Int16 or PgTypeKind.Int32 or PgTypeKind.Int64 or PgTypeKind.Oid:
                sb.Append(ValueText.Format(type, value));
                return;
            case PgTypeKind.Float32 or PgTypeKind.Float64 or PgTypeKind.Numeric:
            {
                var text = ValueText.Format(type, value);
                if (text is "NaN" or "Infinity" or "-Infinity")
                {
                    JsonText.WriteString(sb, text);
                }
                else
                {
                    sb.Append(text);
                }

                return;
            }

            case PgTypeKind.Json:
                sb.Append(jsonb ? JsonText.ToCanonical(JsonText.Parse((string)value, true)) : ((string)value).Trim());
                return;
            case PgTypeKind.Jsonb:
                sb.Append((string)value);
                return;
            case PgTypeKind.Date:
                JsonText.WriteString(sb, DateIso((int)value));
                return;
            case PgTypeKind.Timestamp:
                JsonText.WriteString(sb, TimestampIso((long)value, null));
                return;
            case PgTypeKind.TimestampTz:
                JsonText.WriteString(sb, TimestampIso((long)value, c.TimeZone));
                return;
            case PgTypeKind.Array:
                AppendArray(sb, (PgArray)value, c, jsonb);
                return;
            case PgTypeKind.Record:
            {
                var rec = (PgRecord)value;
                sb.Append('{');
                for (var i = 0; i < rec.Values.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(jsonb ? ", " : ",");
                    }

                    JsonText.WriteString(sb, rec.FieldName(i));
                    sb.Append(jsonb ? ": " : ":");
                    Append(sb, rec.FieldTypes[i], rec.Values[i], c, jsonb);
                }

                sb.Append('}');
                return;
            }

            default:
                JsonText.WriteString(sb, value is string s ? s : ValueText.Format(type, value, c.TimeZone));
                return;
        }
    }

    private static void AppendArray(StringBuilder sb, PgArray array, EvalContext c, bool jsonb)
    {
        var sep = jsonb ? ", " : ",";
        if (array.Dimensions.Length == 0)
        {
            sb.Append("[]");
            return;
        }

        var index = 0;
        AppendDim(sb, array, 0, ref index, c, jsonb, sep);
    }

    private static void AppendDim(StringBuilder sb, PgArray array, int dim, ref int index, EvalContext c, bool jsonb, string sep)
    {
        sb.Append('[');
        for (var i = 0; i < array.Dimensions[dim]; i++)
        {
            if (i > 0)
            {
                sb.Append(sep);
            }

            if (dim + 1 < array.Dimensions.Length)
            {
                AppendDim(sb, array, dim + 1, ref index, c, jsonb, sep);
            }
            else
            {
                Append(sb, array.ElementType, array.Elements[index++], c, jsonb);
            }
        }

        sb.Append(']');
    }

    public static string ToJson(PgType type, object? value, EvalContext c, bool jsonb)
    {
        var sb = new StringBuilder();
        Append(sb, type, value, c, jsonb);
        var text = sb.ToString();
        return jsonb ? JsonText.ToCanonical(JsonText.Parse(text, true)) : text;
    }

    private static string DateIso(int date)
    {
        if (!DateTimeMath.IsFiniteDate(date))
        {
            return date == int.MaxValue ? "infinity" : "-infinity";
        }

        var (y, m, d) = DateTimeMath.CivilFromDays(date);
        return y > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{y:0000}-{m:00}-{d:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{1 - y:0000}-{m:00}-{d:00} BC");
    }

    private static string TimestampIso(long ts, TimeZoneInfo? tz)
    {
        if (!DateTimeMath.IsFinite(ts))
        {
            return ts == long.MaxValue ? "infinity" : "-infinity";
        }

        var local = tz is null ? ts : DateTimeMath.ToLocal(ts, tz);
        var (y, mo, d, h, mi, s, us) = DateTimeMath.Fields(local);
        var sb = new StringBuilder(32);
        sb.Append(CultureInfo.InvariantCulture, $"{(y > 0 ? y : 1 - y):0000}-{mo:00}-{d:00}T{h:00}:{mi:00}:{s:00}");
        if (us != 0)
        {
            sb.Append('.').Append(us.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        if (tz is not null)
        {
            var off = (local - ts) / 1_000_000;
            var sign = off < 0 ? '-' : '+';
            off = Math.Abs(off);
            sb.Append(CultureInfo.InvariantCulture, $"{sign}{off / 3600:00}:{off / 60 % 60:00}");
            if (off % 60 != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $":{off % 60:00}");
            }
        }

        if (y <= 0)
        {
            sb.Append(" BC");
        }

        return sb.ToString();
    }
}
