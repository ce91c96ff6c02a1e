using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// DDL and maintenance statements that live under Sessions/Ddl, one file per concern.
public sealed partial class Session
{
    /// <summary>Runs a statement handled under Sessions/Ddl; returns its command tag, or null when it is not one of them.</summary>
    private string? TryExecuteDdl(Statement stmt) => stmt switch
    {
        VacuumStatement v => Vacuum(v),
        TruncateStatement t => Truncate(t),
        CreateViewStatement v => CreateView(v),
        CreateSchemaStatement c => CreateSchema(c),
        CreateSequenceStatement c => CreateSequence(c),
        AlterSequenceStatement a => AlterSequence(a),
        AlterTableStatement a => AlterTable(a),
        CreateIndexStatement c => CreateIndex(c),
        CreateTableAsStatement c => CreateTableAs(c),
        SelectStatement { Body: SelectCore { Into: { } into } core } s
            => CreateTableAs(new CreateTableAsStatement(into.Table, [], s with { Body = core with { Into = null } }) { Temporary = into.Temporary }),
        DropStatement d when d.Kind is ObjectKind.Table or ObjectKind.View or ObjectKind.Index or ObjectKind.Sequence or ObjectKind.Schema => Drop(d),
        _ => null,
    };
}
