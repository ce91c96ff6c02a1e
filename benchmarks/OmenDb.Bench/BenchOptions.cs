using System.Globalization;

namespace OmenDb.Bench;

/// <summary>
/// Command line of the harness. Sizes derive from <see cref="Scale"/>: scale 1 is the full run of issue 8 (10M bulk
/// rows); <c>--quick</c> is scale 0.01 with short rounds, finishing in under 3 minutes on 2 cores.
/// </summary>
internal sealed class BenchOptions
{
    /// <summary>The usage text printed by --help.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project benchmarks/OmenDb.Bench -- [options] [WORKLOAD...]

        Starts a throwaway PostgreSQL 15 cluster and an OmenDb server, loads identical data into both through the
        same Npgsql code, runs each workload A B A B (warm-up, then rounds), reports medians and OmenDb/PostgreSQL
        ratios, stops both servers, and appends a dated section to benchmarks/RESULTS.md.

        workloads (default: all): point range aggregate copy insert tpcb vector restart

        options:
          --quick             scale 0.01 and short rounds (under 3 minutes)
          --scale X           data size factor; 1 = 10,000,000 bulk rows (default 1, or 0.01 with --quick)
          --rounds N          measured rounds per server and case (default 3, at least 3)
          --seconds S         length of one measured round (default 3, 1 with --quick)
          --warmup S          length of the warm-up round (default 1, 0.5 with --quick)
          --out DIR           write results.json and ratios.svg to DIR
          --results FILE      the Markdown file to append to (default benchmarks/RESULTS.md)
          --no-results        do not append to a Markdown file
          --pg-bin DIR        PostgreSQL 15 binaries (default /usr/lib/postgresql/15/bin)
          --omendb DLL        the OmenDb server (default src/OmenDb.Server/bin/Release/net10.0/omendb.dll)
          --sift DIR          the SIFT sample (bigann10k_*.fvecs; default: shared/data next to or above the checkout)
          --cases TEXT        run only the cases whose name contains TEXT (e.g. "exact top-10")
          --bulk-client-format  format the bulk rows in the client while the bulk load is timed (the method before
                              21 Nov 2026 15:30) instead of sending text generated before the clock starts
          --help              this text
        """;

    public bool Quick { get; private set; }
    public double Scale { get; private set; } = 1;
    public int Rounds { get; private set; } = 3;
    public TimeSpan RoundLength { get; private set; } = TimeSpan.FromSeconds(3);
    public TimeSpan WarmupLength { get; private set; } = TimeSpan.FromSeconds(1);
    public string? OutDirectory { get; private set; }
    public string? ResultsFile { get; private set; }
    public string PgBin { get; private set; } = Servers.PostgresCluster.DefaultBinDirectory;
    public string? OmenDbDll { get; private set; }
    public string? SiftDirectory { get; private set; }

    /// <summary>Only cases whose name contains this text run (--cases), or all when null.</summary>
    public string? CaseFilter { get; private set; }

    /// <summary>Whether the bulk load formats its rows while timed (--bulk-client-format) instead of sending pre-generated text.</summary>
    public bool BulkClientFormat { get; private set; }

    /// <summary>The checkout the harness runs from (the directory holding OmenDb.Pg.sln).</summary>
    public string RepositoryRoot { get; private set; } = "";
    public List<string> Workloads { get; } = [];
    public bool Help { get; private set; }

    /// <summary>Rows of the bulk table: 10M × scale, at least 60,000 (range starts need N − 50,000 &gt; 0).</summary>
    public long BulkRows => Math.Max(60_000, (long)Math.Round(10_000_000 * Scale));

    /// <summary>The original command line, for the report.</summary>
    public string CommandLine { get; private set; } = "";

    /// <summary>Parses the arguments; throws <see cref="FormatException"/> with a message on a bad one.</summary>
    public static BenchOptions Parse(string[] args, string repositoryRoot)
    {
        var options = new BenchOptions { CommandLine = string.Join(' ', args), RepositoryRoot = repositoryRoot };
        double? scale = null, seconds = null, warmup = null;
        var noResults = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{arg} needs a value");
            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new FormatException($"{arg} needs a positive number");
            switch (arg)
            {
                case "--quick": options.Quick = true; break;
                case "--scale": scale = Number(); break;
                case "--rounds": options.Rounds = Math.Max(3, (int)Number()); break;
                case "--seconds": seconds = Number(); break;
                case "--warmup": warmup = Number(); break;
                case "--out": options.OutDirectory = Path.GetFullPath(Value()); break;
                case "--results": options.ResultsFile = Path.GetFullPath(Value()); break;
                case "--no-results": noResults = true; break;
                case "--pg-bin": options.PgBin = Value(); break;
                case "--omendb": options.OmenDbDll = Path.GetFullPath(Value()); break;
                case "--sift": options.SiftDirectory = Path.GetFullPath(Value()); break;
                case "--cases": options.CaseFilter = Value(); break;
                case "--bulk-client-format": options.BulkClientFormat = true; break;
                case "--help" or "-h": options.Help = true; break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        throw new FormatException($"unknown option {arg}");
                    }

                    options.Workloads.Add(arg);
                    break;
            }
        }

        options.Scale = scale ?? (options.Quick ? 0.01 : 1);
        // Round lengths are short so that the default run, vector workload included, stays under 15 minutes on 2 cores
        // (issue 8); a 3-second round still holds thousands of operations for the sub-millisecond cases, and a slow
        // query (a 10M-row join) runs once per round whatever the length.
        options.RoundLength = TimeSpan.FromSeconds(seconds ?? (options.Quick ? 1 : 3));
        options.WarmupLength = TimeSpan.FromSeconds(warmup ?? (options.Quick ? 0.5 : 1));
        options.OmenDbDll ??= Path.Combine(repositoryRoot, "src", "OmenDb.Server", "bin", "Release", "net10.0", "omendb.dll");
        options.ResultsFile = noResults ? null : options.ResultsFile ?? Path.Combine(repositoryRoot, "benchmarks", "RESULTS.md");
        return options;
    }
}
