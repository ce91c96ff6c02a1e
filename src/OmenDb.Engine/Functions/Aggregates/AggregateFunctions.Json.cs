namespace OmenDb.Engine.Functions.Aggregates;

internal static partial class AggregateFunctions
{
    private static void RegisterJson(RegistryBuilder r)
    {
        _ = r;
    }
}
