using System.Diagnostics;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Execution;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// EXPLAIN [ANALYZE] [VERBOSE] and EXPLAIN (option [value], ...): the physical plan OmenDb chose, one text row
// per line in PostgreSQL's layout. Estimated rows come from the planner; ANALYZE runs the statement (DML
// included, as PostgreSQL does) and adds actual rows, loops and, unless TIMING OFF, time per operator.
public sealed partial class Session
{
    private List<object?[]> ExecuteExplain(ExplainStatement explain, object?[] parameters)
    {
        var options = ExplainOptions.From(explain.Options);
        if (explain.Statement is not (SelectStatement or InsertStatement or UpdateStatement or DeleteStatement))
        {
            throw new PgException(SqlState.FeatureNotSupported, "EXPLAIN supports only SELECT, INSERT, UPDATE and DELETE");
        }

        var planningStart = Stopwatch.GetTimestamp();
        var binder = NewBinder([]);
        var scope = new Scope(null);
        var plan = explain.Statement switch
        {
            SelectStatement s => binder.BindSelect(s, scope),
            InsertStatement i => binder.BindInsert(i, scope),
            UpdateStatement u => binder.BindUpdate(u, scope),
            _ => binder.BindDelete((DeleteStatement)explain.Statement, scope),
        };
        var planning = Stopwatch.GetElapsedTime(planningStart);

        ExplainAnalysis? analysis = null;
        var execution = TimeSpan.Zero;
        if (options.Analyze)
        {
            var ctx = NewExecContext(parameters);
            ctx.Analyze = analysis = new ExplainAnalysis();
            var executionStart = Stopwatch.GetTimestamp();
            var state = plan.Open(ctx);
            try
            {
                while (state.Next() is not null)
                {
                    ctx.CheckInterrupts();
                }
            }
            finally
            {
                state.Close();
            }

            execution = Stopwatch.GetElapsedTime(executionStart);
        }

        var sb = new StringBuilder();
        plan.Explain(sb, 0, analysis, options);
        if (options.Summary)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"Planning Time: {planning.TotalMilliseconds:0.000} ms\n");
            if (options.Analyze)
            {
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"Execution Time: {execution.TotalMilliseconds:0.000} ms\n");
            }
        }

        var rows = new List<object?[]>();
        foreach (var line in sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            rows.Add([line]);
        }

        return rows;
    }
}
