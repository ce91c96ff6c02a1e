namespace OmenDb.Engine.Functions.Temporal;

/// <summary>Placeholder.</summary>
internal static class DateTimeFunctions
{
    public static void Register(RegistryBuilder r)
    {
        _ = r;
    }
}
