using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution.Copy;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// COPY: the wire drives the data; the session resolves the table or query and the options.
public sealed partial class Session
{
    /// <summary>Sets up COPY FROM STDIN / TO STDOUT on <paramref name="portal"/>.</summary>
    internal void StartCopy(CopyStatement copy, Portal portal)
    {
        if (copy.Endpoint != CopyEndpoint.Client)
        {
            throw new PgException(SqlState.FeatureNotSupported, $"COPY {(copy.IsFrom ? "FROM" : "TO")} a file or program is not supported")
            {
                Hint = copy.IsFrom ? "Use COPY FROM STDIN (psql's \\copy)." : "Use COPY TO STDOUT (psql's \\copy).",
            };
        }

        try
        {
            StartCopyCore(copy, portal);
        }
        catch (PgException ex)
        {
            // PostgreSQL reports COPY's name-resolution errors without a cursor position.
            ex.Position = 0;
            throw;
        }
    }

    private void StartCopyCore(CopyStatement copy, Portal portal)
    {
        var options = ParseCopyOptions(copy.Options);
        var binder = NewBinder([]);
        if (copy.IsFrom)
        {
            var table = LockForDdl(binder, copy.Table!, binder.RequireTable(copy.Table!), Transactions.TableLockMode.RowExclusive);
            var targets = copy.Columns.Count == 0
                ? table.LiveColumns.ToArray()
                : [.. copy.Columns.Select(n => table.FindColumn(n) ?? throw new PgException(SqlState.UndefinedColumn,
                    $"column \"{n}\" of relation \"{table.Name}\" does not exist"))];
            var defaults = table.Columns.Select(c => targets.Contains(c) ? new ConstExpr(null, c.Type) : binder.DefaultFor(c)).ToArray();
            portal.CopyIn = new CopyFromTarget(this, table, targets, defaults, options);
            return;
        }

        Execution.PlanNode plan;
        if (copy.Query is SelectStatement query)
        {
            plan = binder.BindSelect(query, new Scope(null));
        }
        else if (copy.Query is not null)
        {
            throw new PgException(SqlState.FeatureNotSupported, "COPY of a data-modifying statement is not supported");
        }
        else
        {
            // COPY t [(cols)] TO STDOUT is SELECT cols FROM t.
            var columns = copy.Columns.Count == 0 ? [new StarExpr([])] : copy.Columns.Select(c => (Expr)new ColumnRef([c])).ToList();
            var select = new SelectStatement(new SelectCore([.. columns.Select(c => new ResultTarget(c, null))])
            {
                From = [new RelationRef(copy.Table!, null)],
            });
            if (binder.RequireRelation(copy.Table!) is not TableInfo)
            {
                throw new PgException(SqlState.WrongObjectType, $"cannot copy from view \"{copy.Table!.Name}\"")
                {
                    Hint = "Try the COPY (SELECT ...) TO variant.",
                };
            }

            plan = binder.BindSelect(select, new Scope(null));
        }

        portal.CopyOut = new CopyToSource(plan, NewExecContext([]), options);
    }

    private static CopyOptions ParseCopyOptions(IReadOnlyList<DefElem> elems)
    {
        var options = new CopyOptions();
        foreach (var e in elems)
        {
            var text = e.Value?.Text;
            options = e.Name switch
            {
                "format" => options with
                {
                    Format = text?.ToLowerInvariant() switch
                    {
                        "text" => CopyFormat.Text,
                        "csv" => CopyFormat.Csv,
                        "binary" => throw new PgException(SqlState.FeatureNotSupported, "COPY BINARY is not supported yet"),
                        _ => throw new PgException(SqlState.InvalidParameterValue, $"COPY format \"{text}\" not recognized"),
                    },
                },
                "delimiter" => options with { Delimiter = SingleChar("delimiter", text) },
                "null" => options with { Null = text ?? "" },
                "quote" => options with { Quote = SingleChar("quote", text) },
                "escape" => options with { Escape = SingleChar("escape", text) },
                "header" => options with
                {
                    Header = text?.ToLowerInvariant() switch
                    {
                        null or "true" or "on" or "1" => CopyHeader.Present,
                        "match" => CopyHeader.Match,
                        _ => CopyHeader.None,
                    },
                },
                "freeze" or "encoding" => options,
                _ => throw new PgException(SqlState.FeatureNotSupported, $"COPY option \"{e.Name}\" is not supported"),
            };
        }

        return options;
    }

    private static char SingleChar(string option, string? text) => text is { Length: 1 } ? text[0]
        : throw new PgException(SqlState.FeatureNotSupported, $"COPY {option} must be a single one-byte character");
}
