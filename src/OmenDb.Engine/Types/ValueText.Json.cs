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
}
