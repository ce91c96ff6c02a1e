namespace OmenDb.Engine.Sessions;

/// <summary>The transaction status byte of ReadyForQuery.</summary>
public enum TransactionStatus : byte
{
    /// <summary>Not in a transaction block.</summary>
    Idle = (byte)'I',

    /// <summary>In a transaction block.</summary>
    InBlock = (byte)'T',

    /// <summary>In a failed transaction block: statements are rejected until ROLLBACK.</summary>
    Failed = (byte)'E',
}
