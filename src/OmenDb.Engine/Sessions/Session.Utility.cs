using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Indexes;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// Utility statements: settings, EXPLAIN and the DDL not yet in Sessions/Ddl. DDL is transactional through RegisterUndo.
public sealed partial class Session
{
    private static IReadOnlyList<ResultColumn>? UtilityColumns(Statement stmt) => stmt switch
    {
        ShowStatement s => ShowColumns(s.Name),
        ExplainStatement => [new ResultColumn("QUERY PLAN", PgTypes.Text)],
        _ => null,
    };

    internal (string Tag, List<object?[]>? Rows) ExecuteUtility(Statement stmt, object?[] parameters, string sql = "")
    {
        if (ReadOnlyTransaction && WritingCommandName(stmt) is { } command)
        {
            CheckWritable(command);
        }

        switch (stmt)
        {
            case TransactionStatement t:
                return (ExecuteTransaction(t), null);
            case SetStatement s:
                ExecuteSet(s);
                return ("SET", null);
            case SetTransactionStatement st:
                return (ExecuteSetTransaction(st), null);
            case DeclareCursorStatement d:
                return (ExecuteDeclareCursor(d, parameters, sql), null);
            case FetchStatement f:
                return ExecuteFetch(f);
            case CloseStatement c:
                return (ExecuteClose(c), null);
            case ShowStatement s:
                return ("SHOW", ShowRows(s.Name));
            case ResetStatement r:
                ExecuteReset(r);
                return ("RESET", null);
            case CreateIndexStatement { Method: "learned" } ci:
                return (CreateLearnedIndex(ci), null);
            case CreateIndexStatement { Method: "hnsw" } ci:
                return (CreateHnswIndex(ci), null);
            case CreateTableStatement c:
                return (CreateTable(c), null);
            case CreateExtensionStatement:
                return ("CREATE EXTENSION", null);
            case ExplainStatement e:
                return ("EXPLAIN", ExecuteExplain(e, parameters));
            case PrepareStatement p:
                return (ExecutePrepare(p, sql), null);
            case DeallocateStatement d:
                return (ExecuteDeallocate(d), null);
            default:
                return (ExecuteCatalogUtility(stmt) ?? TryExecuteDdl(stmt)
                    ?? throw new PgException(SqlState.FeatureNotSupported, $"{stmt.GetType().Name.Replace("Statement", "")} is not supported yet"), null);
        }
    }

    private string CreateTable(CreateTableStatement c)
    {
        var binder = NewBinder([]);
        AwaitPendingRelation(binder, c.Name, hasRowType: true);
        LockReferencedTables(binder, c);
        lock (Catalog.SyncRoot)
        {
            var schema = binder.CreationSchema(c.Name);
            if (RelationNameTaken(schema, c.Name.Name))
            {
                if (c.IfNotExists)
                {
                    Notice(new PgNotice("NOTICE", "42P07", $"relation \"{c.Name.Name}\" already exists, skipping"));
                    return "CREATE TABLE";
                }

                throw new PgException(SqlState.DuplicateTable, $"relation \"{c.Name.Name}\" already exists");
            }

            var table = new TableInfo(Catalog.NewOid(), c.Name.Name, schema, Catalog.NewOid());
            table.Options.AddRange(StorageParameters.Validate(c.Options));
            var pending = new List<(Sql.Ast.Constraint Constraint, short[] Columns)>();
            foreach (var element in c.Elements)
            {
                if (element is ColumnDef col)
                {
                    if (table.FindColumn(col.Name) is not null)
                    {
                        throw new PgException(SqlState.DuplicateColumn, $"column \"{col.Name}\" specified more than once");
                    }

                    var serial = col.Type.Name is "serial" or "serial4" or "bigserial" or "serial8" or "smallserial" or "serial2";
                    var (type, typmod) = binder.ResolveType(col.Type);
                    var info = new ColumnInfo(col.Name, (short)(table.Columns.Count + 1), type, typmod);
                    table.Columns.Add(info);
                    if (serial)
                    {
                        var seq = CreateOwnedSequence(schema, table, info, [], binder);
                        info.DefaultSql = seq.NextValSql;
                        info.NotNull = true;
                    }

                    foreach (var cons in col.Constraints)
                    {
                        switch (cons.Kind)
                        {
                            case Sql.Ast.ConstraintKind.NotNull:
                                info.NotNull = true;
                                break;
                            case Sql.Ast.ConstraintKind.Default:
                                SetDefault(info, cons.Expression!);
                                break;
                            case Sql.Ast.ConstraintKind.Identity:
                                {
                                    var seq = CreateOwnedSequence(schema, table, info, cons.SequenceOptions, binder);
                                    info.Identity = cons.Identity == IdentityKind.Always ? 'a' : 'd';
                                    info.DefaultSql = seq.NextValSql;
                                    info.NotNull = true;
                                    break;
                                }

                            case Sql.Ast.ConstraintKind.PrimaryKey or Sql.Ast.ConstraintKind.Unique or Sql.Ast.ConstraintKind.Check
                                or Sql.Ast.ConstraintKind.ForeignKey:
                                pending.Add((cons, [info.AttNum]));
                                break;
                        }
                    }
                }
                else if (element is Sql.Ast.Constraint tc)
                {
                    pending.Add((tc, []));
                }
            }

            table.Data = new ColumnarTable(table.Columns.Select(x => x.Type));
            // Foreign keys last, as PostgreSQL does, so that one may reference this table's own key.
            foreach (var (cons, cols) in pending.OrderBy(p => p.Constraint.Kind == Sql.Ast.ConstraintKind.ForeignKey))
            {
                AddConstraint(table, cons, cols, binder);
            }

            AddRelation(schema, table);
            var created = schema.Relations.Where(r => r.Value is TableInfo t ? t == table
                : r.Value is IndexInfo i ? i.Table == table : r.Value is SequenceInfo { OwnedBy: { } o } && o.Table == table).ToList();
            RegisterUndo(() =>
            {
                foreach (var (name, _) in created)
                {
                    schema.Relations.Remove(name);
                }
            });
            Catalog.Bump();
        }

        return "CREATE TABLE";
    }

    private SequenceInfo CreateOwnedSequence(SchemaInfo schema, TableInfo table, ColumnInfo col, IReadOnlyList<SequenceOption> options, Binder binder)
    {
        var name = options.FirstOrDefault(o => o.Kind == SequenceOptionKind.SequenceName)?.Name?.Name ?? $"{table.Name}_{col.Name}_seq";
        var seq = new SequenceInfo(Catalog.NewOid(), name, schema) { DataType = col.Type };
        ApplySequenceOptions(seq, options, isNew: true, binder);
        seq.OwnedBy = (table, col.AttNum);
        AddRelation(schema, seq);
        return seq;
    }

    private void AddConstraint(TableInfo table, Sql.Ast.Constraint cons, short[] columnsFromColumnDef, Binder binder)
    {
        if (cons.Kind == Sql.Ast.ConstraintKind.ForeignKey)
        {
            AddForeignKey(table, cons, columnsFromColumnDef, binder);
            return;
        }

        var cols = columnsFromColumnDef.Length > 0 ? columnsFromColumnDef
            : [.. cons.Columns.Select(n => table.FindColumn(n)?.AttNum ?? throw new PgException(SqlState.UndefinedColumn,
                $"column \"{n}\" named in key does not exist"))];
        switch (cons.Kind)
        {
            case Sql.Ast.ConstraintKind.PrimaryKey or Sql.Ast.ConstraintKind.Unique:
                {
                    var pk = cons.Kind == Sql.Ast.ConstraintKind.PrimaryKey;
                    if (pk && table.PrimaryKey is not null)
                    {
                        throw new PgException(SqlState.InvalidTableDefinition, $"multiple primary keys for table \"{table.Name}\" are not allowed");
                    }

                    var name = cons.Name ?? (pk ? $"{table.Name}_pkey" : $"{table.Name}_{string.Join("_", cols.Select(a => table.Columns[a - 1].Name))}_key");
                    var info = new ConstraintInfo(Catalog.NewOid(), name, pk ? Engine.Catalog.ConstraintKind.PrimaryKey : Engine.Catalog.ConstraintKind.Unique, cols);
                    table.Constraints.Add(info);
                    if (pk)
                    {
                        foreach (var a in cols)
                        {
                            table.Columns[a - 1].NotNull = true;
                        }
                    }

                    var index = new IndexInfo(Catalog.NewOid(), name, table.Schema, table, cols) { IsUnique = true, IsPrimary = pk, Constraint = info };
                    info.Index = index;
                    table.Indexes.Add(index);
                    AddRelation(table.Schema, index);
                    table.UniqueIndexes.Add(UniqueIndex.For(table, info));
                    break;
                }

            case Sql.Ast.ConstraintKind.Check:
                {
                    var name = cons.Name ?? $"{table.Name}_{(cols.Length > 0 ? table.Columns[cols[0] - 1].Name : "check")}_check";
                    var info = new ConstraintInfo(Catalog.NewOid(), name, Engine.Catalog.ConstraintKind.Check, cols)
                    {
                        CheckSql = Sql.Printing.SqlPrinter.Print(cons.Expression!),
                    };
                    table.Constraints.Add(info);
                    table.BoundChecks.Add((info, binder.BindTableCheck(table, cons.Expression!)));
                    break;
                }
        }
    }
}
