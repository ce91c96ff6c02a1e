namespace OmenDb.Engine.Functions.Temporal;

/// <summary>Placeholder.</summary>
internal static class FormattingFunctions
{
    public static void Register(RegistryBuilder r)
    {
        _ = r;
    }
}
