namespace OmenDb.Bench.Data;

/// <summary>
/// The real SIFT sample of ../shared/data (texmex formats, little-endian): bigann10k_base.fvecs (10,000 vectors),
/// whose first 100 are also bigann10k_query.fvecs. For held-out recall the base is base[100..9999] (id = position in
/// the file) and the queries are the first 100; ground truth is computed exactly by the harness.
/// </summary>
internal sealed record SiftSample(float[] Base, int[] BaseIds, float[] Queries, int Dimensions)
{
    private const string BaseFile = "bigann10k_base.fvecs";
    private const string QueryFile = "bigann10k_query.fvecs";

    /// <summary>The directory holding the sample: the given one, else shared/data next to the repository or above it; null when absent.</summary>
    public static string? Locate(string? directory, string repositoryRoot)
    {
        if (directory is not null)
        {
            return File.Exists(Path.Combine(directory, BaseFile)) ? directory : throw new BenchException($"no {BaseFile} in {directory}");
        }

        for (var dir = new DirectoryInfo(repositoryRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(Path.Combine(candidate, BaseFile)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Reads the sample and holds out the query vectors from the base.</summary>
    public static SiftSample Load(string directory)
    {
        var all = ReadFvecs(Path.Combine(directory, BaseFile), out var dimensions);
        var queries = ReadFvecs(Path.Combine(directory, QueryFile), out var queryDimensions);
        var queryCount = queries.Length / queryDimensions;
        if (queryDimensions != dimensions || !all.AsSpan(0, queries.Length).SequenceEqual(queries))
        {
            throw new BenchException($"{QueryFile} is not the first {queryCount} vectors of {BaseFile}");
        }

        var count = all.Length / dimensions - queryCount;
        return new SiftSample(all[(queryCount * dimensions)..], [.. Enumerable.Range(queryCount, count)], queries, dimensions);
    }

    /// <summary>An .fvecs file: per record an int32 dimension count, then that many float32.</summary>
    private static float[] ReadFvecs(string path, out int dimensions)
    {
        var bytes = File.ReadAllBytes(path);
        dimensions = BitConverter.ToInt32(bytes, 0);
        var record = 4 + 4 * dimensions;
        if (dimensions <= 0 || bytes.Length % record != 0)
        {
            throw new BenchException($"{path} is not an .fvecs file");
        }

        var count = bytes.Length / record;
        var values = new float[count * dimensions];
        for (var i = 0; i < count; i++)
        {
            if (BitConverter.ToInt32(bytes, i * record) != dimensions)
            {
                throw new BenchException($"{path}: record {i} has another dimension count");
            }

            Buffer.BlockCopy(bytes, i * record + 4, values, i * dimensions * 4, dimensions * 4);
        }

        return values;
    }
}
