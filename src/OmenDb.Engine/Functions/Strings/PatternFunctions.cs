namespace OmenDb.Engine.Functions.Strings;

/// <summary>Placeholder.</summary>
internal static class PatternFunctions
{
    public static void Register(RegistryBuilder r)
    {
        _ = r;
    }
}
