using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace OmenDb.Wire.Transport;

/// <summary>
/// A connection's output for <see cref="ConnectionThreadTransport"/>: messages are written into one pooled buffer and
/// <see cref="FlushAsync"/> sends them with blocking <c>send</c> calls on the calling thread, so a reply leaves in one
/// system call (PgConnection flushes once per Sync or simple query, and every <see cref="Startup.WireOptions.FlushThreshold"/>
/// bytes of a large result). A send that fails (the client is gone) completes the writer: the flush reports
/// <see cref="FlushResult.IsCompleted"/>, as Kestrel's output does.
/// </summary>
internal sealed class SocketOutput(Socket socket) : PipeWriter
{
    /// <summary>The buffer kept between flushes; one grown for a large result is given back after its flush.</summary>
    private const int KeptSize = 16 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(KeptSize);
    private int _written;
    private bool _completed;
    private volatile bool _broken;

    /// <inheritdoc/>
    public override bool CanGetUnflushedBytes => true;

    /// <inheritdoc/>
    public override long UnflushedBytes => _written;

    /// <inheritdoc/>
    public override void Advance(int bytes)
    {
        if ((uint)bytes > (uint)(_buffer.Length - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "advanced past the buffer given out");
        }

        _written += bytes;
    }

    /// <inheritdoc/>
    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc/>
    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <inheritdoc/>
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_written > 0 && !_broken && !_completed)
        {
            try
            {
                var pending = _buffer.AsSpan(0, _written);
                while (!pending.IsEmpty)
                {
                    pending = pending[socket.Send(pending)..];
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                _broken = true;
            }
        }

        _written = 0;
        if (_buffer.Length > KeptSize)
        {
            Swap(ArrayPool<byte>.Shared.Rent(KeptSize));
        }

        return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: _broken || _completed));
    }

    /// <summary>Nothing to cancel: a flush completes before it returns.</summary>
    public override void CancelPendingFlush()
    {
    }

    /// <inheritdoc/>
    public override void Complete(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        _written = 0;
        Swap([]);
    }

    /// <summary>Marks the socket gone: later flushes send nothing and report completion.</summary>
    public void Break() => _broken = true;

    private void Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(_completed, this);
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + sizeHint));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        Swap(larger);
    }

    private void Swap(byte[] buffer)
    {
        var old = _buffer;
        _buffer = buffer;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
