using System.Globalization;
using System.Runtime.InteropServices;

namespace OmenDb.Bench;

/// <summary>The machine a run happened on, as the report records it (read from /proc on Linux).</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, long MemoryMb, string Os, string Runtime)
{
    /// <summary>This machine.</summary>
    public static MachineInfo Current { get; } = new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        long.TryParse(ProcField("/proc/meminfo", "MemTotal")?.Split(' ')[0], CultureInfo.InvariantCulture, out var kb) ? kb / 1024 : 0,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    /// <summary>One line for reports: "2 cores, Intel(R) Xeon(R) Processor, 23.4 GB, Linux ..., .NET 10.0.0".</summary>
    public override string ToString() =>
        $"{Cores} cores, {CpuModel}, {(MemoryMb / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} GB RAM, {Os}, {Runtime}";

    /// <summary>The 1-minute load average now: the machine is shared, and a busy one moves every figure.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? ProcField(string file, string name)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (var line in File.ReadLines(file))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == name)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
