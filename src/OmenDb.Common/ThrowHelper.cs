using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace OmenDb.Common;

/// <summary>
/// Throw helpers: callers stay small enough to inline because the exception is built in a
/// non-inlined factory (the Npgsql / Kestrel pattern).
/// </summary>
public static class ThrowHelper
{
    /// <summary>Throws a <see cref="PgException"/> with the given SQLSTATE and message.</summary>
    [DoesNotReturn, StackTraceHidden]
    public static void Throw(string sqlState, string message) => throw Create(sqlState, message);

    /// <summary>Throws a <see cref="PgException"/>; the generic return lets it stand in expressions.</summary>
    [DoesNotReturn, StackTraceHidden]
    public static T Throw<T>(string sqlState, string message) => throw Create(sqlState, message);

    /// <summary>Throws 0A000 feature_not_supported naming the feature.</summary>
    [DoesNotReturn, StackTraceHidden]
    public static void NotSupported(string feature) => throw Create(SqlState.FeatureNotSupported, feature + " is not supported");

    /// <summary>Throws XX000 for a broken invariant (a bug, never a user error).</summary>
    [DoesNotReturn, StackTraceHidden]
    public static void Internal(string message) => throw Create(SqlState.InternalError, message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PgException Create(string sqlState, string message) => new(sqlState, message);
}
