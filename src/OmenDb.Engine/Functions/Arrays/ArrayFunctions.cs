namespace OmenDb.Engine.Functions.Arrays;

/// <summary>Placeholder.</summary>
internal static class ArrayFunctions
{
    public static void Register(RegistryBuilder r)
    {
        _ = r;
    }
}
