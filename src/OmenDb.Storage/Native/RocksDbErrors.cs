using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OmenDb.Common;

namespace OmenDb.Storage.Native;

/// <summary>
/// Turns RocksDB's <c>errptr</c> strings into <see cref="PgException"/>s with a SQLSTATE, at the binding (STYLE §3).
/// RocksDB formats a <c>Status</c> as "<c>&lt;code text&gt;: &lt;message&gt;</c>", e.g. "<c>IO error: No space left on
/// device</c>", "<c>Corruption: block checksum mismatch</c>"; the mapping keys on those prefixes and always keeps
/// RocksDB's own text in the message.
/// </summary>
internal static unsafe class RocksDbErrors
{
    /// <summary>Throws when <paramref name="error"/> is set, freeing the native string first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ThrowIfError(byte* error, string operation, string path)
    {
        if (error != null)
        {
            Throw(error, operation, path);
        }
    }

    [DoesNotReturn, StackTraceHidden, MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(byte* error, string operation, string path)
    {
        var text = Marshal.PtrToStringUTF8((nint)error) ?? "";
        RocksDbNative.rocksdb_free(error);
        throw Map(text, operation, path);
    }

    /// <summary>Maps one RocksDB status text to an exception; <paramref name="operation"/> reads like "write to".</summary>
    internal static PgException Map(string rocksText, string operation, string path)
    {
        Debug.Assert(operation.Length > 0, "every native call site names its operation");
        if (rocksText.Contains("No space left on device", StringComparison.Ordinal)
            || rocksText.StartsWith("IO error: No space", StringComparison.Ordinal))
        {
            return new PgException(SqlState.DiskFull, $"could not {operation} RocksDB store \"{path}\": {rocksText}")
            {
                Hint = "Free disk space on the volume that holds the data directory.",
            };
        }
        if (rocksText.Contains("lock hold by current process", StringComparison.Ordinal)
            || rocksText.Contains("LOCK: Resource temporarily unavailable", StringComparison.Ordinal)
            || rocksText.Contains("While lock file", StringComparison.Ordinal))
        {
            // RocksDB says "lock hold by current process" when this process already has the store open.
            var holder = rocksText.Contains("current process", StringComparison.Ordinal)
                ? "another store already open in this process"
                : "another OmenDb server";
            return new PgException(SqlState.LockFileExists,
                $"data directory \"{path}\" is already in use by {holder}: {rocksText}")
            {
                Severity = "FATAL",
                Hint = "Stop the other server, or start this one with a different data directory.",
            };
        }
        if (rocksText.StartsWith("Corruption", StringComparison.Ordinal))
        {
            return new PgException(SqlState.DataCorrupted, $"could not {operation} RocksDB store \"{path}\": {rocksText}");
        }
        if (rocksText.StartsWith("IO error", StringComparison.Ordinal))
        {
            return new PgException(SqlState.IoError, $"could not {operation} RocksDB store \"{path}\": {rocksText}");
        }
        if (rocksText.Contains("does not exist (create_if_missing is false)", StringComparison.Ordinal))
        {
            return new PgException(SqlState.UndefinedFile, $"could not {operation} RocksDB store \"{path}\": {rocksText}");
        }
        if (rocksText.Contains("exists (error_if_exists is true)", StringComparison.Ordinal))
        {
            return new PgException(SqlState.DuplicateFile, $"could not {operation} RocksDB store \"{path}\": {rocksText}");
        }
        return new PgException(SqlState.SystemError, $"could not {operation} RocksDB store \"{path}\": {rocksText}");
    }
}
