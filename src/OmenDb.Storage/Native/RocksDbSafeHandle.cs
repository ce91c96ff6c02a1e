using System.Runtime.InteropServices;

namespace OmenDb.Storage.Native;

/// <summary>
/// Base of every RocksDB object wrapper: a pointer that is invalid when zero and released exactly once, by
/// <see cref="SafeHandle.Dispose()"/> or by the critical finalizer if the owner forgot.
/// </summary>
internal abstract class RocksDbSafeHandle : SafeHandle
{
    protected RocksDbSafeHandle()
        : base(0, ownsHandle: true)
    {
    }

    protected RocksDbSafeHandle(nint pointer)
        : base(0, ownsHandle: true)
    {
        SetHandle(pointer);
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer; callers keep the handle alive (a lease or ownership) while they use it.</summary>
    internal nint Pointer => handle;
}
