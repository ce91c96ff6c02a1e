namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>json_in: validated, kept verbatim.</summary>
    internal static string ParseJson(string text)
    {
        JsonText.Parse(text, forJsonb: false);
        return text;
    }

    /// <summary>jsonb_in: validated and stored in jsonb's canonical text form.</summary>
    internal static string ParseJsonb(string text) => JsonText.ToCanonical(JsonText.Parse(text, forJsonb: true));

    /// <summary>A jsonb value as a tree: bool, string, JSON null, a number, a list or an object (key/value list).</summary>
    internal static object ParseJsonNode(string jsonb) => JsonText.Parse(jsonb, forJsonb: true);

    /// <summary>The numeric text of a number node, or null when the node is not a number.</summary>
    internal static string? JsonNumberText(object node) => node is JsonText.JsonNumber n ? n.Text : null;

    /// <summary>The jsonb type name PostgreSQL uses in cast errors: null, string, numeric, boolean, array, object.</summary>
    internal static string JsonKindName(object node) => node switch
    {
        JsonText.JsonNull => "null",
        string => "string",
        JsonText.JsonNumber => "numeric",
        bool => "boolean",
        List<object> => "array",
        _ => "object",
    };
}
