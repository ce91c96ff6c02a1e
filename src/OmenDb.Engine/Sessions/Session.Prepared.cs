using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Functions;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// SQL-level PREPARE / EXECUTE / DEALLOCATE (PostgreSQL docs: SQL Commands). A prepared statement is bound once,
// through the same PrepareCore/Plan path as an extended-protocol Parse, and kept per session until DEALLOCATE; EXECUTE
// runs its plan with the argument values coerced to the declared or inferred parameter types.
public sealed partial class Session
{
    private readonly Dictionary<string, PreparedStatement> _sqlPrepared = new(StringComparer.Ordinal);

    /// <summary>The statements prepared with SQL PREPARE in this session, by name (for pg_prepared_statements).</summary>
    internal IReadOnlyDictionary<string, PreparedStatement> SqlPreparedStatements => _sqlPrepared;

    private string ExecutePrepare(PrepareStatement p, string sql)
    {
        if (_sqlPrepared.ContainsKey(p.Name))
        {
            throw new PgException(SqlState.DuplicatePstatement, $"prepared statement \"{p.Name}\" already exists");
        }

        if (p.Statement is not (SelectStatement or InsertStatement or UpdateStatement or DeleteStatement))
        {
            throw new PgException(SqlState.FeatureNotSupported, "PREPARE supports only SELECT, INSERT, UPDATE and DELETE");
        }

        var binder = NewBinder([]);
        var oids = p.ParameterTypes.Select(t => binder.ResolveType(t).Type.Oid).ToArray();
        var ps = PrepareCore(new ParsedStatement(sql, p.Statement), oids);
        ps.PreparedAt = NowMicros();
        _sqlPrepared[p.Name] = ps;
        return "PREPARE";
    }

    private string ExecuteDeallocate(DeallocateStatement d)
    {
        if (d.Name is null)
        {
            _sqlPrepared.Clear();
        }
        else if (!_sqlPrepared.Remove(d.Name))
        {
            throw new PgException(SqlState.InvalidSqlStatementName, $"prepared statement \"{d.Name}\" does not exist");
        }

        return d.Name is null ? "DEALLOCATE ALL" : "DEALLOCATE";
    }

    /// <summary>Plans EXECUTE: the prepared statement's plan and columns, with the arguments evaluated now.</summary>
    private void PlanExecute(PreparedStatement ps, ExecuteStatement e)
    {
        var target = _sqlPrepared.GetValueOrDefault(e.Name)
            ?? throw new PgException(SqlState.InvalidSqlStatementName, $"prepared statement \"{e.Name}\" does not exist");
        if (target.Plan is not null && target.CatalogVersion != Catalog.Version)
        {
            Plan(target);
        }

        var types = target.ParameterTypes;
        if (e.Args.Count != types.Count)
        {
            throw new PgException(SqlState.SyntaxError, $"wrong number of parameters for prepared statement \"{e.Name}\"")
            {
                Detail = $"Expected {types.Count} parameters but got {e.Args.Count}.",
            };
        }

        var binder = NewBinder([]);
        var scope = new Scope(null);
        var ctx = NewExecContext([]);
        var values = new object?[types.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var arg = binder.BindExpr(e.Args[i], scope);
            BoundExpr coerced;
            try
            {
                coerced = binder.Coerce(arg, types[i], -1, CastContext.Assignment);
            }
            catch (PgException ex) when (ex.SqlState == SqlState.CannotCoerce)
            {
                throw new PgException(SqlState.DatatypeMismatch,
                    $"parameter ${i + 1} of type {arg.Type.SqlName} cannot be coerced to the expected type {types[i].SqlName}")
                {
                    Hint = "You will need to rewrite or cast the expression.",
                    Position = e.Args[i].Position + 1,
                };
            }

            values[i] = coerced.Eval(new Columnar.Batch([], 1), 0, ctx);
        }

        ps.Executes = target;
        ps.Plan = target.Plan;
        ps.Columns = target.Columns;
        ps.ParameterTypes = [];
        ps.ExecuteArguments = values;
    }
}
