using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions;

/// <summary>pg_cast.castcontext.</summary>
public enum CastContext : byte
{
    /// <summary>'e': only with an explicit CAST or ::.</summary>
    Explicit = (byte)'e',

    /// <summary>'a': also in assignment (INSERT/UPDATE target).</summary>
    Assignment = (byte)'a',

    /// <summary>'i': also implicitly in expressions.</summary>
    Implicit = (byte)'i',
}

/// <summary>One pg_cast entry with its implementation.</summary>
/// <param name="Source">castsource.</param>
/// <param name="Target">casttarget.</param>
/// <param name="Context">castcontext.</param>
/// <param name="Invoke">The conversion (null input never reaches it).</param>
public sealed record CastEntry(PgType Source, PgType Target, CastContext Context, CastInvoker Invoke);
