using OmenDb.Engine.Transactions;

namespace OmenDb.Engine.Catalog;

/// <summary>
/// The comment an uncommitted COMMENT ON replaced on an object that has no versioned definition (a schema, a database):
/// every transaction but <paramref name="Owner"/> sees <paramref name="Text"/> until the owner commits, as PostgreSQL's
/// pg_description rows are read through a snapshot. Relations, their columns and constraints keep theirs in
/// <see cref="RelationInfo.CommittedDefinition"/> instead.
/// </summary>
internal sealed record CommittedComment(string? Text, TransactionState Owner);

/// <summary>A catalog object carrying a comment versioned by <see cref="CommittedComment"/>.</summary>
internal interface ICommented
{
    /// <summary>The comment as its last writer left it (committed or not).</summary>
    string? Comment { get; set; }

    /// <summary>The committed comment while an uncommitted transaction has changed <see cref="Comment"/>, else null.</summary>
    CommittedComment? CommittedComment { get; set; }
}
