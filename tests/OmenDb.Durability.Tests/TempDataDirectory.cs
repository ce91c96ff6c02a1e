namespace OmenDb.Durability.Tests;

/// <summary>A data directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("omendb-durability-").FullName;

    /// <summary>Files in the store's ingest directory (<c>DATA/rocksdb.ingest</c>): ingest files not ingested (yet).</summary>
    public string[] IngestFiles()
    {
        var ingest = System.IO.Path.Combine(Path, "rocksdb.ingest");
        return Directory.Exists(ingest) ? Directory.GetFiles(ingest) : [];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a killed child process: the OS temp cleaner gets it.
        }
    }
}
