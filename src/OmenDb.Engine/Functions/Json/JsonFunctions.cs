namespace OmenDb.Engine.Functions.Json;

/// <summary>Placeholder.</summary>
internal static class JsonFunctions
{
    public static void Register(RegistryBuilder r)
    {
        _ = r;
    }
}
