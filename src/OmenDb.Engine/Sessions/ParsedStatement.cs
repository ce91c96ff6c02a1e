namespace OmenDb.Engine.Sessions;

/// <summary>One statement of a query string, parsed but not yet bound (names are resolved at Prepare).</summary>
public sealed partial class ParsedStatement
{
    /// <summary>The statement's text, for logs and pg_stat_activity.</summary>
    public string Sql { get; }
}
