namespace OmenDb.Engine.Functions.Temporal;

/// <summary>Placeholder.</summary>
internal static class DateTimeOperators
{
    public static void Register(RegistryBuilder r)
    {
        _ = r;
    }
}
