using OmenDb.Storage.Native;

namespace OmenDb.Storage.Kv;

/// <summary>
/// An SST file under the store's ingest directory, written by a <c>rocksdb_sstfilewriter_t</c> with the DB's own table
/// options. The native writer opens the file lazily at the first operation, so an empty file never touches the disk.
/// <see cref="RocksDbStore.Ingest"/> finishes it (index, footer, fsync) and moves it into the DB; disposing a file
/// that was not ingested deletes what was written.
/// </summary>
internal sealed unsafe class RocksDbIngestFile : IKvIngestFile
{
    private readonly SstFileWriterHandle _writer;
    private bool _opened;
    private bool _consumed;

    internal RocksDbIngestFile(RocksDbStore store, SstFileWriterHandle writer, string path)
    {
        Store = store;
        _writer = writer;
        FilePath = path;
    }

    internal RocksDbStore Store { get; }

    /// <summary>Where the file is written; RocksDB hard-links it into the DB at ingestion and removes this name.</summary>
    internal string FilePath { get; }

    internal IngestKeyRange Range { get; } = new();

    /// <inheritdoc/>
    public long Count => Range.Count;

    /// <inheritdoc/>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var writer = Prepare(key);
        byte* error = null;
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            RocksDbNative.rocksdb_sstfilewriter_put(writer, RocksDbStore.NonNull(k), (nuint)key.Length, RocksDbStore.NonNull(v),
                (nuint)value.Length, &error);
        }

        RocksDbErrors.ThrowIfError(error, "write an ingest file for", Store.Options.Path);
    }

    /// <inheritdoc/>
    public void Delete(ReadOnlySpan<byte> key)
    {
        var writer = Prepare(key);
        byte* error = null;
        fixed (byte* k = key)
        {
            RocksDbNative.rocksdb_sstfilewriter_delete(writer, RocksDbStore.NonNull(k), (nuint)key.Length, &error);
        }

        RocksDbErrors.ThrowIfError(error, "write an ingest file for", Store.Options.Path);
    }

    /// <summary>Writes the index and footer and syncs the file; called once, by the store, for a non-empty file.</summary>
    internal void Finish()
    {
        byte* error = null;
        RocksDbNative.rocksdb_sstfilewriter_finish(_writer.Pointer, &error);
        RocksDbErrors.ThrowIfError(error, "write an ingest file for", Store.Options.Path);
    }

    /// <summary>Marks the file used; a second ingestion or a later add throws <see cref="ObjectDisposedException"/>.</summary>
    internal void Consume()
    {
        ObjectDisposedException.ThrowIf(_consumed, this);
        _consumed = true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _consumed = true;
        _writer.Dispose();
        if (_opened)
        {
            // After a successful ingestion RocksDB has removed this name already; otherwise the file goes unused.
            File.Delete(FilePath);
        }
    }

    /// <summary>Checks the order and opens the native file on the first operation.</summary>
    private nint Prepare(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_consumed, this);
        Range.Add(key);
        var writer = _writer.Pointer;
        if (!_opened)
        {
            var name = System.Text.Encoding.UTF8.GetBytes(FilePath + "\0");
            byte* error = null;
            fixed (byte* n = name)
            {
                RocksDbNative.rocksdb_sstfilewriter_open(writer, n, &error);
            }

            _opened = true;
            RocksDbErrors.ThrowIfError(error, "create an ingest file for", Store.Options.Path);
        }

        return writer;
    }
}
