using System.Reflection;
using System.Runtime.InteropServices;
using OmenDb.Common;

namespace OmenDb.Storage.Native;

/// <summary>
/// Finds RocksDB's shared library. Debian ships it as <c>librocksdb.so.7.8</c> (package <c>librocksdb7.8</c>); the
/// unversioned <c>librocksdb.so</c> only exists with the <c>-dev</c> package, so the versioned name is tried first.
/// The library is loaded once per process and never unloaded.
/// </summary>
internal static class RocksDbLibrary
{
    /// <summary>The logical name every <c>[LibraryImport]</c> uses; the resolver maps it to a real file.</summary>
    internal const string Name = "rocksdb";

    /// <summary>The exact advice printed when the library is missing.</summary>
    internal const string InstallAdvice = "install Debian's package librocksdb7.8 (`apt-get install librocksdb7.8`)";

    private static readonly string[] s_candidates = ["librocksdb.so.7.8", "librocksdb.so", "rocksdb"];
    private static readonly Lock s_lock = new();
    private static nint s_handle;
    private static bool s_registered;

    /// <summary>Registers the import resolver for this assembly (idempotent).</summary>
    internal static void RegisterResolver()
    {
        lock (s_lock)
        {
            if (s_registered)
            {
                return;
            }
            NativeLibrary.SetDllImportResolver(typeof(RocksDbLibrary).Assembly, Resolve);
            s_registered = true;
        }
    }

    /// <summary>
    /// Loads the library now, so that a missing package is reported at startup as a clear error rather than as a
    /// <see cref="DllNotFoundException"/> from the first query.
    /// </summary>
    /// <exception cref="PgException">58P01 when no candidate loads; the message says which package to install.</exception>
    internal static nint EnsureLoaded()
    {
        var handle = Volatile.Read(ref s_handle);
        if (handle != 0)
        {
            return handle;
        }
        RegisterResolver();
        lock (s_lock)
        {
            if (s_handle == 0)
            {
                s_handle = TryLoad(s_candidates, out var failures);
                if (s_handle == 0)
                {
                    throw CreateNotFoundException(s_candidates, failures);
                }
            }
            return s_handle;
        }
    }

    /// <summary>Tries each candidate in order; returns 0 and the loader's reasons when none loads.</summary>
    internal static nint TryLoad(ReadOnlySpan<string> candidates, out string failures)
    {
        var reasons = new List<string>(candidates.Length);
        foreach (var candidate in candidates)
        {
            try
            {
                if (NativeLibrary.TryLoad(candidate, typeof(RocksDbLibrary).Assembly, DllImportSearchPath.SafeDirectories, out var handle))
                {
                    failures = "";
                    return handle;
                }
                reasons.Add(candidate + ": not found");
            }
            catch (BadImageFormatException e)
            {
                reasons.Add(candidate + ": " + e.Message);
            }
        }
        failures = string.Join("; ", reasons);
        return 0;
    }

    /// <summary>The startup error for a missing library (separate so that a test can check the wording).</summary>
    internal static PgException CreateNotFoundException(ReadOnlySpan<string> candidates, string failures) =>
        new(SqlState.UndefinedFile,
            "could not load the RocksDB native library (tried " + string.Join(", ", candidates.ToArray()) + "): " + InstallAdvice)
        {
            Severity = "FATAL",
            Detail = failures,
            Hint = InstallAdvice,
        };

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Name ? EnsureLoaded() : 0;
}
