using System.Globalization;
using OmenDb.Common;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>regtypeout: the type's SQL name as format_type prints it ("integer", "character varying[]"), or the
    /// number for an OID that names no type.</summary>
    internal static string FormatRegtype(uint oid)
        => PgTypes.FromOid(oid)?.SqlName ?? oid.ToString(CultureInfo.InvariantCulture);

    /// <summary>regtypein: a type name in any spelling PostgreSQL accepts for built-in types ("int4", "integer",
    /// "text[]"), or an OID in digits.</summary>
    internal static uint ParseRegtype(string text)
    {
        var s = TrimSpace(text).ToString();
        if (s.Length > 0 && char.IsAsciiDigit(s[0]))
        {
            return ParseOid(s);
        }

        var name = s.ToLowerInvariant();
        var array = name.EndsWith("[]", StringComparison.Ordinal);
        var baseName = array ? name[..^2].TrimEnd() : name;
        var type = PgTypes.FromName(baseName);
        if (type is not null && array)
        {
            type = type.ArrayType;
        }

        return type?.Oid ?? throw new PgException(SqlState.UndefinedObject, $"type \"{s}\" does not exist");
    }
}
