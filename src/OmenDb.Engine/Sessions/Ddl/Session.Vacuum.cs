using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// VACUUM and ANALYZE: options and names are validated as PostgreSQL does; VACUUM reclaims the row versions no snapshot
// can see (Transactions/VersionReclaimer, which also runs in the background); ANALYZE records reltuples.
public sealed partial class Session
{
    private static readonly string[] VacuumOptions =
        ["analyze", "verbose", "freeze", "full", "disable_page_skipping", "skip_locked", "index_cleanup", "process_toast", "truncate", "parallel"];

    private static readonly string[] AnalyzeOptions = ["verbose", "skip_locked"];

    private string Vacuum(VacuumStatement v)
    {
        var verb = v.IsVacuum ? "VACUUM" : "ANALYZE";
        var analyze = !v.IsVacuum;
        foreach (var option in v.Options)
        {
            if (Array.IndexOf(v.IsVacuum ? VacuumOptions : AnalyzeOptions, option.Name) < 0)
            {
                throw new PgException(SqlState.SyntaxError, $"unrecognized {verb} option \"{option.Name}\"") { Position = option.Position + 1 };
            }

            analyze |= option.Name == "analyze" && option.Value?.Text is null or "true" or "on" or "1";
        }

        if (v.IsVacuum && _txStatus != TransactionStatus.Idle)
        {
            throw new PgException(SqlState.ActiveSqlTransaction, "VACUUM cannot run inside a transaction block");
        }

        var binder = NewBinder([]);
        var tables = new List<TableInfo>();
        foreach (var target in v.Tables)
        {
            if (binder.FindRelation(target.Table) is not TableInfo table)
            {
                throw new PgException(SqlState.UndefinedTable, $"relation \"{target.Table}\" does not exist");
            }

            table = LockForDdl(binder, target.Table, table, VacuumLockMode(v));

            if (target.Columns.Count > 0 && !analyze)
            {
                throw new PgException(SqlState.FeatureNotSupported, "ANALYZE option must be specified when a column list is provided");
            }

            foreach (var column in target.Columns)
            {
                if (table.FindColumn(column) is null)
                {
                    throw new PgException(SqlState.UndefinedColumn, $"column \"{column}\" of relation \"{table.Name}\" does not exist");
                }
            }

            tables.Add(table);
        }

        if (v.IsVacuum)
        {
            // Reclaims the versions no snapshot can see; when other sessions keep row ids pinned for too long, this
            // VACUUM leaves the work to the background cycle (as PostgreSQL's VACUUM skips what it cannot remove).
            _engine.Reclaimer.Vacuum(v.Tables.Count == 0 ? null : tables, GateHolds);
        }

        if (analyze)
        {
            if (v.Tables.Count == 0)
            {
                lock (Catalog.SyncRoot)
                {
                    tables.AddRange(Database.Schemas.Values.SelectMany(s => s.Relations.Values).OfType<TableInfo>());
                }
            }

            var snapshot = NewExecContext([]).Snapshot;
            foreach (var table in tables)
            {
                table.RelTuples = table.Data.VisibleRowIds(snapshot).LongCount();
            }

            Catalog.Bump();  // pg_class.reltuples changed (the cached catalog rows and prepared plans are rebuilt)
        }

        return verb;
    }
}
