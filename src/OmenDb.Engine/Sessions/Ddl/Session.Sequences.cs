using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// CREATE / ALTER SEQUENCE: options applied and validated as PostgreSQL's init_params does.
public sealed partial class Session
{
    private string CreateSequence(CreateSequenceStatement c)
    {
        var binder = NewBinder([]);
        AwaitPendingRelation(binder, c.Name, hasRowType: false);
        lock (Catalog.SyncRoot)
        {
            var schema = binder.CreationSchema(c.Name);
            if (RelationNameTaken(schema, c.Name.Name))
            {
                if (c.IfNotExists)
                {
                    Notice(new PgNotice("NOTICE", SqlState.DuplicateTable, $"relation \"{c.Name.Name}\" already exists, skipping"));
                    return "CREATE SEQUENCE";
                }

                throw new PgException(SqlState.DuplicateTable, $"relation \"{c.Name.Name}\" already exists");
            }

            var seq = new SequenceInfo(Catalog.NewOid(), c.Name.Name, schema);
            ApplySequenceOptions(seq, c.Options, isNew: true, binder);
            AddRelation(schema, seq);
            RegisterUndo(() => schema.Relations.Remove(seq.Name));
            Catalog.Bump();
        }

        return "CREATE SEQUENCE";
    }

    private string AlterSequence(AlterSequenceStatement a)
    {
        var binder = NewBinder([]);
        if (binder.FindRelation(a.Name) is SequenceInfo target)
        {
            LockForDdl(binder, a.Name, target, Transactions.TableLockMode.ShareRowExclusive);
        }

        lock (Catalog.SyncRoot)
        {
            if (binder.FindRelation(a.Name) is not { } rel)
            {
                if (a.IfExists)
                {
                    Notice(new PgNotice("NOTICE", "00000", $"relation \"{a.Name.Name}\" does not exist, skipping"));
                    return "ALTER SEQUENCE";
                }

                throw new PgException(SqlState.UndefinedTable, $"relation \"{a.Name.Name}\" does not exist");
            }

            var seq = rel as SequenceInfo ?? throw new PgException(SqlState.WrongObjectType, $"\"{rel.Name}\" is not a sequence");
            RegisterSequenceUndo(seq, a.Options);
            ApplySequenceOptions(seq, a.Options, isNew: false, binder);
            Catalog.Bump();
        }

        return "ALTER SEQUENCE";
    }

    /// <summary>
    /// Before ALTER SEQUENCE changes <paramref name="seq"/>: keeps the committed definition for other transactions and
    /// registers an undo that puts the options back. Every option but OWNED BY makes PostgreSQL write the sequence anew
    /// (a new relfilenode), so its position becomes transactional too: ROLLBACK returns it to where the ALTER found it,
    /// undoing RESTART and the nextval calls made after the ALTER (those made before it stay, as everywhere else).
    /// </summary>
    private void RegisterSequenceUndo(SequenceInfo seq, IReadOnlyList<SequenceOption> options)
    {
        if (CatalogViewer is null)
        {
            return;
        }

        KeepCommittedDefinition(seq);
        var saved = (seq.DataType, seq.Increment, seq.MinValue, seq.MaxValue, seq.Start, seq.Cache, seq.Cycle, seq.OwnedBy);
        var rewrite = options.Any(o => o.Kind != SequenceOptionKind.OwnedBy);
        var (last, isCalled, rewrittenBy) = (seq.LastValue, seq.IsCalled, seq.RewrittenBy);
        if (rewrite)
        {
            // From here the positions stay unlogged until the transaction ends (SequenceInfo.RewrittenBy).
            seq.RewrittenBy = _tx;
        }

        RegisterUndo(() =>
        {
            (seq.DataType, seq.Increment, seq.MinValue, seq.MaxValue, seq.Start, seq.Cache, seq.Cycle, seq.OwnedBy) = saved;
            if (rewrite)
            {
                // Unlogged: the durable position is still the one the ALTER found.
                seq.Set(last, isCalled);
                seq.RewrittenBy = rewrittenBy;
            }
        });
    }

    /// <summary>Validates the options against the sequence's current settings, then applies them all (or none).</summary>
    internal void ApplySequenceOptions(SequenceInfo seq, IReadOnlyList<SequenceOption> options, bool isNew, Binding.Binder binder)
    {
        var type = seq.DataType;
        var increment = seq.Increment;
        long? min = isNew ? null : seq.MinValue, max = isNew ? null : seq.MaxValue, start = isNew ? null : seq.Start, restart = null;
        var cache = seq.Cache;
        var cycle = seq.Cycle;
        var owned = seq.OwnedBy;
        var restartRequested = false;
        foreach (var o in options)
        {
            switch (o.Kind)
            {
                case SequenceOptionKind.As:
                    type = binder.ResolveType(o.Type!).Type;
                    if (type != PgTypes.Int2 && type != PgTypes.Int4 && type != PgTypes.Int8)
                    {
                        throw new PgException(SqlState.InvalidParameterValue, "sequence type must be smallint, integer, or bigint");
                    }

                    if (!isNew && type != seq.DataType)
                    {
                        // Bounds that were the old type's defaults follow the new type.
                        (min, max) = (min == TypeMin(seq.DataType) || min == 1 ? null : min, max == TypeMax(seq.DataType) || max == -1 ? null : max);
                    }

                    break;
                case SequenceOptionKind.Increment:
                    increment = Number(o);
                    if (increment == 0)
                    {
                        throw new PgException(SqlState.InvalidParameterValue, "INCREMENT must not be zero");
                    }

                    break;
                case SequenceOptionKind.MinValue:
                    min = Number(o);
                    break;
                case SequenceOptionKind.NoMinValue:
                    min = null;
                    break;
                case SequenceOptionKind.MaxValue:
                    max = Number(o);
                    break;
                case SequenceOptionKind.NoMaxValue:
                    max = null;
                    break;
                case SequenceOptionKind.Start:
                    start = Number(o);
                    break;
                case SequenceOptionKind.Restart:
                    restartRequested = true;
                    restart = o.Value is null ? null : Number(o);
                    break;
                case SequenceOptionKind.Cache:
                    cache = Number(o);
                    if (cache <= 0)
                    {
                        throw new PgException(SqlState.InvalidParameterValue, $"CACHE ({cache}) must be greater than zero");
                    }

                    break;
                case SequenceOptionKind.Cycle:
                    cycle = true;
                    break;
                case SequenceOptionKind.NoCycle:
                    cycle = false;
                    break;
                case SequenceOptionKind.OwnedBy:
                    owned = o.Name is null ? null : OwnedByColumn(seq, o.Name, binder);
                    break;
            }
        }

        var lo = min ?? (increment > 0 ? 1 : TypeMin(type));
        var hi = max ?? (increment > 0 ? TypeMax(type) : -1);
        var typeName = type == PgTypes.Int2 ? "smallint" : type == PgTypes.Int4 ? "integer" : "bigint";
        if (hi > TypeMax(type) || hi < TypeMin(type))
        {
            throw new PgException(SqlState.InvalidParameterValue, $"MAXVALUE ({hi}) is out of range for sequence data type {typeName}");
        }

        if (lo > TypeMax(type) || lo < TypeMin(type))
        {
            throw new PgException(SqlState.InvalidParameterValue, $"MINVALUE ({lo}) is out of range for sequence data type {typeName}");
        }

        if (lo >= hi)
        {
            throw new PgException(SqlState.InvalidParameterValue, $"MINVALUE ({lo}) must be less than MAXVALUE ({hi})");
        }

        var first = start ?? (increment > 0 ? lo : hi);
        CheckBound("START", first, lo, hi);
        var last = restartRequested ? restart ?? first : seq.LastValue;
        if (!isNew)
        {
            // PostgreSQL checks the current value too when only the bounds change, under the same message.
            CheckBound("RESTART", last, lo, hi);
        }

        seq.DataType = type;
        seq.Increment = increment;
        seq.MinValue = lo;
        seq.MaxValue = hi;
        seq.Start = first;
        seq.Cache = cache;
        seq.Cycle = cycle;
        seq.OwnedBy = owned;
        if (isNew || restartRequested)
        {
            seq.Set(isNew ? first : last, false);
        }
    }

    private static void CheckBound(string what, long value, long lo, long hi)
    {
        if (value < lo)
        {
            throw new PgException(SqlState.InvalidParameterValue, $"{what} value ({value}) cannot be less than MINVALUE ({lo})");
        }

        if (value > hi)
        {
            throw new PgException(SqlState.InvalidParameterValue, $"{what} value ({value}) cannot be greater than MAXVALUE ({hi})");
        }
    }

    private static long Number(SequenceOption o)
        => long.TryParse(o.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
            : throw new PgException(SqlState.NumericValueOutOfRange, $"value \"{o.Value}\" is out of range for type bigint");

    private static long TypeMin(PgType t) => t == PgTypes.Int2 ? short.MinValue : t == PgTypes.Int4 ? int.MinValue : long.MinValue;

    private static long TypeMax(PgType t) => t == PgTypes.Int2 ? short.MaxValue : t == PgTypes.Int4 ? int.MaxValue : long.MaxValue;

    /// <summary>OWNED BY table.column: the table must be in the sequence's schema.</summary>
    private static (TableInfo Table, short AttNum) OwnedByColumn(SequenceInfo seq, QualifiedName name, Binding.Binder binder)
    {
        if (name.Parts.Count < 2)
        {
            throw new PgException(SqlState.InvalidParameterValue, "invalid OWNED BY option")
            {
                Hint = "Specify OWNED BY table.column or OWNED BY NONE.",
            };
        }

        var tableName = new QualifiedName([.. name.Parts.Take(name.Parts.Count - 1)]);
        var table = binder.FindRelation(tableName) as TableInfo
            ?? throw new PgException(SqlState.UndefinedTable, $"relation \"{tableName.Name}\" does not exist");
        if (table.Schema != seq.Schema)
        {
            throw new PgException(SqlState.ObjectNotInPrerequisiteState, "sequence must be in same schema as table it is linked to");
        }

        var col = table.FindColumn(name.Name)
            ?? throw new PgException(SqlState.UndefinedColumn, $"column \"{name.Name}\" of relation \"{table.Name}\" does not exist");
        return (table, col.AttNum);
    }
}
