using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Npgsql;

namespace OmenDb.Bench.Data;

/// <summary>
/// The bulk rows' COPY text (<see cref="BulkRows"/>), generated once per run before anything is timed into an unlinked
/// temporary file (about 60 bytes a row: 0.6 GB at 10M rows, held by the page cache), with its SHA-256 fingerprint.
/// Every server's bulk load streams the same bytes from it, one COPY per <see cref="BulkRows.RowsPerCopy"/> rows, as
/// psql's <c>\copy</c> from a file does: the client only reads and sends, so the timed load measures the server.
/// </summary>
internal sealed class BulkText : IDisposable
{
    /// <summary>Bytes read and sent per CopyData write.</summary>
    private const int ChunkBytes = 1 << 16;

    private readonly SafeFileHandle _file;

    /// <summary>Byte offset of each COPY's first row, and the file's length last.</summary>
    private readonly long[] _sliceStarts;

    private BulkText(SafeFileHandle file, long[] sliceStarts, string fingerprint)
    {
        _file = file;
        _sliceStarts = sliceStarts;
        Fingerprint = fingerprint;
    }

    /// <summary>SHA-256 of the whole text, lower-case hex (the datasets.md fingerprint).</summary>
    public string Fingerprint { get; }

    /// <summary>Bytes of COPY text.</summary>
    public long Bytes => _sliceStarts[^1];

    /// <summary>Generates rows 1..<paramref name="count"/> into a temporary file that is unlinked at once (so it goes
    /// away with the process, whatever ends it).</summary>
    public static async Task<BulkText> CreateAsync(long count, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omendb-bench-bulk-{Environment.ProcessId}-{Guid.NewGuid():N}.tsv");
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, FileOptions.None);
        try
        {
            File.Delete(path);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var starts = new List<long>();
            var random = new SplitMix64(11);
            var line = new StringBuilder(64);
            var buffer = new byte[ChunkBytes + 256];
            var filled = 0;
            var position = 0L;
            for (var id = 1L; id <= count; id++)
            {
                if ((id - 1) % BulkRows.RowsPerCopy == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    starts.Add(position + filled);
                }

                line.Clear();
                BulkRows.AppendRow(line, id, ref random);
                foreach (var chunk in line.GetChunks())
                {
                    filled += Encoding.UTF8.GetBytes(chunk.Span, buffer.AsSpan(filled));
                }

                if (filled >= ChunkBytes)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }

            await FlushAsync().ConfigureAwait(false);

            // Written back to disk now, so the page cache's writeback of 0.6 GB does not overlap the first server's
            // timed load (OmenDb's) and not the second's.
            RandomAccess.FlushToDisk(file);
            starts.Add(position);
            return new BulkText(file, [.. starts], Convert.ToHexStringLower(hash.GetHashAndReset()));

            async Task FlushAsync()
            {
                hash.AppendData(buffer, 0, filled);
                await RandomAccess.WriteAsync(file, buffer.AsMemory(0, filled), position, cancellationToken).ConfigureAwait(false);
                position += filled;
                filled = 0;
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Loads the whole text into <paramref name="table"/> over <paramref name="connection"/>, one
    /// <c>COPY table FROM STDIN</c> (text format) per slice, the file's bytes sent as they are.</summary>
    public async Task CopyAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (var s = 0; s + 1 < _sliceStarts.Length; s++)
            {
                // Npgsql's raw copy stream refuses text format; its text writer is a StreamWriter over that same stream,
                // so the bytes go to the writer's stream unconverted (the writer itself is never written to).
                var writer = (StreamWriter)await connection.BeginTextImportAsync($"COPY {table} FROM STDIN", cancellationToken)
                    .ConfigureAwait(false);
                await using var _ = writer.ConfigureAwait(false);
                var copy = writer.BaseStream;
                for (var offset = _sliceStarts[s]; offset < _sliceStarts[s + 1];)
                {
                    var want = (int)Math.Min(ChunkBytes, _sliceStarts[s + 1] - offset);
                    var read = await RandomAccess.ReadAsync(_file, buffer.AsMemory(0, want), offset, cancellationToken).ConfigureAwait(false);
                    if (read <= 0)
                    {
                        throw new IOException("the bulk text file ended early");
                    }

                    await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    offset += read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _file.Dispose();
}
