using OmenDb.Common;
using OmenDb.Storage.Kv;
using OmenDb.Storage.Native;

namespace OmenDb.Storage.Tests.Kv;

/// <summary>What only a durable store can show: persistence, crash images, native error mapping.</summary>
public sealed class RocksDbStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static byte[]? GetOrNull(IKvStore store, ReadOnlySpan<byte> key)
    {
        using var value = store.Get(key);
        return value.Exists ? value.ToArray() : null;
    }

    /// <summary>
    /// Copies every file of a live store: the image a crash would leave (no close, no flush), since RocksDB appends
    /// to its WAL and never rewrites a synced prefix.
    /// </summary>
    private string CrashImage(string source)
    {
        var target = _directory.Sub("crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return target;
    }

    [Fact]
    public void Data_survives_close_and_reopen()
    {
        var path = _directory.Sub("db");
        using (var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path)))
        {
            store.Put(B("a"), B("1"));
            using var batch = store.CreateWriteBatch();
            batch.Put(B("b"), B("2"));
            batch.Delete(B("a"));
            store.Write(batch, sync: false);
        }
        using (var reopened = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path) with { CreateIfMissing = false }))
        {
            Assert.Null(GetOrNull(reopened, B("a")));
            Assert.Equal(B("2"), GetOrNull(reopened, B("b")));
            reopened.Flush();
        }
        using var again = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path));
        Assert.Equal(B("2"), GetOrNull(again, B("b")));
    }

    [Fact]
    public void Deferred_compactions_wait_for_ResumeCompactions()
    {
        var path = _directory.Sub("db");
        using var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path) with { DeferCompactions = true });
        // Eight overlapping table files in L0: more than the preset's trigger, yet none is compacted while deferred.
        for (var file = 0; file < 8; file++)
        {
            for (var i = 0; i < 100; i++)
            {
                store.Put(B($"key{i:D3}"), B($"value{file}"));
            }

            store.Flush();
        }

        Assert.Equal(8, Directory.GetFiles(path, "*.sst").Length);
        Assert.Equal(B("value7"), Get(store, "key042"));
        store.ResumeCompactions();
        store.ResumeCompactions();
        // RocksDB schedules the due compaction on its own threads; wait (bounded) for it to merge the files.
        Assert.True(SpinWait.SpinUntil(() => Directory.GetFiles(path, "*.sst").Length < 8, TimeSpan.FromSeconds(60)));
        Assert.Equal(B("value7"), Get(store, "key042"));
        store.Put(B("after"), B("resume"));
        Assert.Equal(B("resume"), Get(store, "after"));
    }

    private static byte[]? Get(RocksDbStore store, string key)
    {
        using var value = store.Get(B(key));
        return value.Exists ? value.ToArray() : null;
    }

    [Fact]
    public void A_synced_batch_is_in_the_crash_image()
    {
        var path = _directory.Sub("db");
        using var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path));
        using var batch = store.CreateWriteBatch();
        for (var i = 0; i < 100; i++)
        {
            batch.Put(B("key" + i), B("value" + i));
        }
        store.Write(batch, sync: true);

        using var recovered = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(CrashImage(path)));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(B("value" + i), GetOrNull(recovered, B("key" + i)));
        }
    }

    [Fact]
    public void Unsynced_writes_reach_the_crash_image_after_a_synced_wal_flush()
    {
        var path = _directory.Sub("db");
        using var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path));
        store.Put(B("a"), B("1"));
        using var batch = store.CreateWriteBatch();
        batch.Put(B("b"), B("2"));
        store.Write(batch, sync: false);
        store.FlushWal(sync: true);

        using var recovered = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(CrashImage(path)));
        Assert.Equal(B("1"), GetOrNull(recovered, B("a")));
        Assert.Equal(B("2"), GetOrNull(recovered, B("b")));
    }

    [Fact]
    public void Ingested_files_are_in_the_crash_image_and_their_staging_names_are_gone()
    {
        var path = _directory.Sub("db");
        using var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path));
        store.Put(B("a"), B("wal"));
        using var file = store.CreateIngestFile();
        for (var i = 0; i < 10_000; i++)
        {
            file.Put(B($"row{i:D5}"), B("value" + i));
        }

        using var unused = store.CreateIngestFile();
        unused.Put(B("z"), B("never ingested"));
        store.Ingest([file]);
        Assert.Single(Directory.GetFiles(path + ".ingest"));

        using var recovered = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(CrashImage(path)));
        Assert.Equal(B("value9999"), GetOrNull(recovered, B("row09999")));
        Assert.Null(GetOrNull(recovered, B("z")));
        unused.Dispose();
        Assert.Empty(Directory.GetFiles(path + ".ingest"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ingest_files_are_compressed_only_on_request(bool compress)
    {
        // 10,000 values of 200 repeated bytes: LZ4 shrinks them to a few bytes each.
        var path = _directory.Sub("db");
        using var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path) with { CompressIngestFiles = compress });
        using var file = store.CreateIngestFile();
        var value = new byte[200];
        value.AsSpan().Fill((byte)'x');
        for (var i = 0; i < 10_000; i++)
        {
            file.Put(B($"row{i:D5}"), value);
        }

        store.Ingest([file]);
        var bytes = Directory.GetFiles(path, "*.sst").Sum(f => new FileInfo(f).Length);
        Assert.True(compress ? bytes < 1_000_000 : bytes > 2_000_000, $"{bytes} bytes of SST files");
        Assert.Equal(value, GetOrNull(store, B("row09999")));
    }

    [Fact]
    public void Opening_drops_ingest_files_a_crash_left_behind()
    {
        var path = _directory.Sub("db");
        using (RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path)))
        {
        }

        Directory.CreateDirectory(path + ".ingest");
        File.WriteAllText(Path.Combine(path + ".ingest", "1.sst"), "half-written");
        using var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path));
        Assert.False(Directory.Exists(path + ".ingest"));
        using var file = store.CreateIngestFile();
        file.Put(B("k"), B("v"));
        store.Ingest([file]);
        Assert.Equal(B("v"), GetOrNull(store, B("k")));
    }

    [Fact]
    public void Sync_writes_option_applies_to_put()
    {
        var path = _directory.Sub("db");
        using var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path) with { SyncWrites = true });
        store.Put(B("a"), B("1"));
        using var recovered = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(CrashImage(path)));
        Assert.Equal(B("1"), GetOrNull(recovered, B("a")));
    }

    [Fact]
    public void A_second_open_of_the_same_directory_says_another_server_uses_it()
    {
        var path = _directory.Sub("db");
        using var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path));
        var error = Assert.Throws<PgException>(() => RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path)));
        Assert.Equal(SqlState.LockFileExists, error.SqlState);
        Assert.Contains("is already in use by another store already open in this process", error.Message);
        Assert.Contains("LOCK", error.Message);
        store.Put(B("still"), B("works"));
    }

    [Fact]
    public void Opening_a_missing_store_without_create_is_undefined_file()
    {
        var error = Assert.Throws<PgException>(() =>
            RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(_directory.Sub("none")) with { CreateIfMissing = false }));
        Assert.Equal(SqlState.UndefinedFile, error.SqlState);
        Assert.Contains("create_if_missing is false", error.Message);
    }

    [Fact]
    public void Error_if_exists_is_duplicate_file()
    {
        var path = _directory.Sub("db");
        RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path)).Dispose();
        var error = Assert.Throws<PgException>(() =>
            RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path) with { ErrorIfExists = true }));
        Assert.Equal(SqlState.DuplicateFile, error.SqlState);
    }

    [Fact]
    public void A_corrupt_manifest_pointer_is_data_corrupted()
    {
        var path = _directory.Sub("db");
        RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path)).Dispose();
        File.WriteAllText(Path.Combine(path, "CURRENT"), "garbage-without-newline");
        var error = Assert.Throws<PgException>(() => RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(path)));
        Assert.Equal(SqlState.DataCorrupted, error.SqlState);
        Assert.Contains("Corruption", error.Message);
    }

    [Fact]
    public void Lz4_is_used_when_the_library_has_it_and_other_settings_open_too()
    {
        using var store = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(_directory.Sub("db")));
        Assert.Equal(RocksDbCompression.Lz4, store.EffectiveCompression);
        using var plain = RocksDbStore.Open(RocksDbStoreContractTests.SmallOptions(_directory.Sub("plain")) with
        {
            Compression = RocksDbCompression.None,
            BloomBitsPerKey = 0,
            DisableWal = true,
        });
        plain.Put(B("k"), B("v"));
        using (var batch = plain.CreateWriteBatch())
        {
            batch.Put(B("k2"), B("v2"));
            plain.Write(batch, sync: true);
        }
        plain.FlushWal(sync: true);
        plain.Flush();
        Assert.Equal(B("v2"), GetOrNull(plain, B("k2")));
        Assert.Equal(B("v"), GetOrNull(plain, B("k")));
    }

    [Theory]
    [InlineData("IO error: No space left on device: While appending to file: /d/000012.log", SqlState.DiskFull)]
    [InlineData("IO error: No space left on deviceWhile appending to file", SqlState.DiskFull)]
    [InlineData("IO error: While lock file: /d/LOCK: Resource temporarily unavailable", SqlState.LockFileExists)]
    [InlineData("IO error: lock hold by current process, acquire time 1700000000 acquiring thread 7: /d/LOCK: No locks available",
        SqlState.LockFileExists)]
    [InlineData("IO error: While open a file for random read: /d/000009.sst: Permission denied", SqlState.IoError)]
    [InlineData("Corruption: block checksum mismatch: stored = 1, computed = 2", SqlState.DataCorrupted)]
    [InlineData("Invalid argument: /d: does not exist (create_if_missing is false)", SqlState.UndefinedFile)]
    [InlineData("Invalid argument: /d: exists (error_if_exists is true)", SqlState.DuplicateFile)]
    [InlineData("Not implemented: something", SqlState.SystemError)]
    public void Native_errors_map_to_sqlstates_and_keep_the_rocksdb_text(string rocksText, string sqlState)
    {
        var error = RocksDbErrors.Map(rocksText, "write to", "/d");
        Assert.Equal(sqlState, error.SqlState);
        Assert.Contains(rocksText, error.Message);
    }

    [Fact]
    public void A_lock_held_by_another_process_names_another_server()
    {
        var error = RocksDbErrors.Map("IO error: While lock file: /d/LOCK: Resource temporarily unavailable", "open", "/d");
        Assert.StartsWith("data directory \"/d\" is already in use by another OmenDb server: IO error", error.Message);
        Assert.Equal("FATAL", error.Severity);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void A_missing_library_says_which_debian_package_to_install()
    {
        Assert.Equal(0, RocksDbLibrary.TryLoad(["librocksdb-does-not-exist.so.0"], out var failures));
        var error = RocksDbLibrary.CreateNotFoundException(["librocksdb-does-not-exist.so.0"], failures);
        Assert.Contains("install Debian's package librocksdb7.8 (`apt-get install librocksdb7.8`)", error.Message);
        Assert.Equal(SqlState.UndefinedFile, error.SqlState);
        Assert.True(error.IsFatal);
    }
}
