using OmenDb.Common;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Execution;

/// <summary>
/// The options of one EXPLAIN (PostgreSQL's ExplainState): ANALYZE runs the statement, VERBOSE adds each node's
/// output columns, COSTS shows estimated rows, TIMING (ANALYZE only) actual times, SUMMARY the planning and
/// execution times. Only FORMAT TEXT is produced.
/// </summary>
internal sealed record ExplainOptions(bool Analyze, bool Verbose, bool Costs, bool Timing, bool Summary)
{
    /// <summary>Plain EXPLAIN: the plan with estimated rows.</summary>
    public static readonly ExplainOptions Default = new(false, false, true, false, false);

    /// <summary>Reads the option list, with PostgreSQL's defaults and errors.</summary>
    public static ExplainOptions From(IReadOnlyList<DefElem> options)
    {
        bool analyze = false, verbose = false, costs = true;
        bool? timing = null, summary = null;
        foreach (var o in options)
        {
            switch (o.Name)
            {
                case "analyze" or "analyse":
                    analyze = Bool(o);
                    break;
                case "verbose":
                    verbose = Bool(o);
                    break;
                case "costs":
                    costs = Bool(o);
                    break;
                case "timing":
                    timing = Bool(o);
                    break;
                case "summary":
                    summary = Bool(o);
                    break;
                case "buffers" or "wal" or "settings":
                    Bool(o);
                    break;
                case "format":
                    var format = o.Value?.Text.ToLowerInvariant();
                    if (format is not ("text" or "json" or "xml" or "yaml"))
                    {
                        throw new PgException(SqlState.InvalidParameterValue,
                            $"unrecognized value for EXPLAIN option \"format\": \"{o.Value?.Text}\"") { Position = o.Position + 1 };
                    }

                    if (format != "text")
                    {
                        throw new PgException(SqlState.FeatureNotSupported, $"EXPLAIN format {format.ToUpperInvariant()} is not supported")
                        {
                            Position = o.Position + 1,
                        };
                    }

                    break;
                default:
                    throw new PgException(SqlState.SyntaxError, $"unrecognized EXPLAIN option \"{o.Name}\"") { Position = o.Position + 1 };
            }
        }

        if (timing == true && !analyze)
        {
            throw new PgException(SqlState.InvalidParameterValue, "EXPLAIN option TIMING requires ANALYZE");
        }

        return new ExplainOptions(analyze, verbose, costs, timing ?? analyze, summary ?? analyze);
    }

    /// <summary>PostgreSQL's defGetBoolean: no value, true/false/on/off/1/0.</summary>
    private static bool Bool(DefElem o) => o.Value?.Text.ToLowerInvariant() switch
    {
        null or "true" or "on" or "1" => true,
        "false" or "off" or "0" => false,
        _ => throw new PgException(SqlState.SyntaxError, $"{o.Name} requires a Boolean value"),
    };
}
