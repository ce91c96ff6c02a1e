using BenchmarkDotNet.Running;
using OmenDb.Benchmarks.Indexes;

// Runs the benchmarks chosen on the command line, e.g. `dotnet run -c Release -- --filter *Wire* --job short`;
// `cpu-probe` prints the CPU time per key lookup and range scan, `alloc-types` the types a prepared point lookup
// allocates (sampled), `index-stats [N]` the index engines' sizes and errors, `index-compare [N...]` interleaved lookup timings,
// `reclaim-memory [rows] [updates]` memory before and after a long update run with and without version reclamation,
// `hnsw-rate [N] [row-order]` the HNSW graph's build rate and search latency/recall on clusters-128 (row-order: linked
//   in row order instead of by cell, to measure the build order),
// `shared-pass [N]` the CPU cost of the shared exact pass's kernel for 1 to 32 queries, against a register-only FMA loop,
// `exact-load [N] [clients...]` concurrent exact searches through the engine's sessions (wall and CPU ms per query),
// `commit-probe [clients...]` the durable commit path per statement and with concurrent clients.
if (args is ["alloc-types"])
{
    OmenDb.Benchmarks.Queries.AllocationTypesProbe.Run();
    return;
}

if (args is ["cpu-probe"])
{
    OmenDb.Benchmarks.Queries.CpuProbe.Run();
    return;
}

if (args is ["commit-probe", ..])
{
    OmenDb.Benchmarks.Transactions.CommitProbe.Run(args.Length > 1
        ? [.. args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))]
        : [1, 4, 16]);
    return;
}

if (args is ["index-stats", ..])
{
    IndexStatistics.Print(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000);
    return;
}

if (args is ["index-compare", ..])
{
    IndexComparison.Print(args.Length > 1 ? [.. args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [1_000_000, 10_000_000]);
    return;
}

if (args is ["reclaim-memory", ..])
{
    OmenDb.Benchmarks.Transactions.ReclaimMemory.Print(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

if (args is ["shared-pass", ..])
{
    OmenDb.Benchmarks.Vectors.SharedPassRate.Print(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

if (args is ["exact-load", ..])
{
    OmenDb.Benchmarks.Vectors.ExactSearchLoad.Print(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        args.Length > 2 ? [.. args.Skip(2).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [1, 8, 32],
        seconds: 6);
    return;
}

if (args is ["hnsw-rate", ..])
{
    OmenDb.Benchmarks.Vectors.HnswRate.Print(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        cellOrder: args is not [_, _, "row-order"]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(IndexStatistics).Assembly).Run(args);
