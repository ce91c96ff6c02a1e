namespace OmenDb.Engine.Indexes;

/// <summary>How an ordered key index picks its engine: CREATE INDEX ... USING learned | btree, or automatically.</summary>
internal enum KeyIndexMethod : byte
{
    /// <summary>From the key distribution (the primary key's implicit index).</summary>
    Auto,

    /// <summary>USING learned: the linear model or the PGM index; the B+-tree only if a model broke its error bound.</summary>
    Learned,

    /// <summary>USING btree: the B+-tree.</summary>
    BTree,
}
