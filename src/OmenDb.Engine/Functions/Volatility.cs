namespace OmenDb.Engine.Functions;

/// <summary>pg_proc.provolatile.</summary>
public enum Volatility : byte
{
    /// <summary>'i': same result for the same arguments forever (can be constant-folded).</summary>
    Immutable = (byte)'i',

    /// <summary>'s': same result within a statement (now(), settings).</summary>
    Stable = (byte)'s',

    /// <summary>'v': may change every call (random(), nextval()).</summary>
    Volatile = (byte)'v',
}
