using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using OmenDb.Common;

namespace OmenDb.Storage.Encoding;

/// <summary>Throw helpers for the codecs: stored bytes that do not decode are data corruption (XX001), never a user error.</summary>
internal static class StorageErrors
{
    [DoesNotReturn, StackTraceHidden, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Corrupt(string what) =>
        throw new PgException(SqlState.DataCorrupted, "invalid stored " + what);

    [DoesNotReturn, StackTraceHidden, MethodImpl(MethodImplOptions.NoInlining)]
    internal static T Corrupt<T>(string what) =>
        throw new PgException(SqlState.DataCorrupted, "invalid stored " + what);

    [DoesNotReturn, StackTraceHidden, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void DestinationTooShort(int needed, int available) =>
        throw new ArgumentException($"the destination holds {available} bytes but {needed} are needed", "destination");
}
