using OmenDb.Engine.Types;

namespace OmenDb.Engine.Catalog;

/// <summary>A sequence (pg_class relkind 'S' + pg_sequence). nextval is not transactional, as in PostgreSQL.</summary>
internal sealed class SequenceInfo : RelationInfo
{
    private readonly object _lock = new();

    public SequenceInfo(uint oid, string name, SchemaInfo schema)
        : base(oid, name, schema)
    {
    }

    public override RelationKind Kind => RelationKind.Sequence;

    /// <summary>
    /// The default of a serial or identity column: <c>nextval('"Name"'::regclass)</c> with the name quoted as an
    /// identifier where needed (a mixed-case name such as EF Core's "Blogs_Id_seq" must not be folded to lower case).
    /// </summary>
    public string NextValSql => $"nextval('{PgCatalog.CatalogReader.QuoteIdent(Name).Replace("'", "''", StringComparison.Ordinal)}'::regclass)";

    public PgType DataType { get; set; } = PgTypes.Int8;

    public long Start { get; set; } = 1;

    public long Increment { get; set; } = 1;

    public long MinValue { get; set; } = 1;

    public long MaxValue { get; set; } = long.MaxValue;

    public long Cache { get; set; } = 1;

    public bool Cycle { get; set; }

    /// <summary>last_value.</summary>
    public long LastValue { get; set; } = 1;

    /// <summary>is_called: whether LastValue has been returned by nextval.</summary>
    public bool IsCalled { get; set; }

    /// <summary>OWNED BY: the table and column, or null.</summary>
    public (TableInfo Table, short AttNum)? OwnedBy { get; set; }

    /// <summary>
    /// The transaction whose uncommitted ALTER SEQUENCE rewrote the sequence, or null. Until it ends, positions are not
    /// logged: PostgreSQL writes such a sequence into a new relfilenode that a crash discards, so a crash must find the
    /// position the ALTER found (other sessions cannot call nextval meanwhile: the ALTER's lock blocks them). The
    /// transaction's commit writes the new position with its catalog image.
    /// </summary>
    public Transactions.TransactionState? RewrittenBy { get; set; }

    private Persistence.IRowLog? PositionLog => RewrittenBy is null ? Schema.Database.RowLog : null;

    /// <summary>Advances the sequence (nextval). Throws 2200H when a bound is reached without CYCLE.</summary>
    public long Next()
    {
        lock (_lock)
        {
            if (!IsCalled)
            {
                IsCalled = true;
                PositionLog?.SequenceAdvanced(this, LastValue);
                return LastValue;
            }

            long next;
            var overflow = false;
            try
            {
                next = checked(LastValue + Increment);
            }
            catch (OverflowException)
            {
                next = 0;
                overflow = true;
            }

            if (overflow || next > MaxValue || next < MinValue)
            {
                if (!Cycle)
                {
                    var bound = Increment > 0 ? "maximum" : "minimum";
                    var value = Increment > 0 ? MaxValue : MinValue;
                    throw new Common.PgException(Common.SqlState.SequenceGeneratorLimitExceeded,
                        $"nextval: reached {bound} value of sequence \"{Name}\" ({value})");
                }

                next = Increment > 0 ? MinValue : MaxValue;
            }

            LastValue = next;
        }

        PositionLog?.SequenceAdvanced(this, LastValue);
        return LastValue;
    }

    /// <summary>setval.</summary>
    public void Set(long value, bool isCalled)
    {
        lock (_lock)
        {
            if (value < MinValue || value > MaxValue)
            {
                throw new Common.PgException(Common.SqlState.NumericValueOutOfRange,
                    $"setval: value {value} is out of bounds for sequence \"{Name}\" ({MinValue}..{MaxValue})");
            }

            LastValue = value;
            IsCalled = isCalled;
        }

        PositionLog?.SequenceSet(this, value, isCalled);
    }
}
