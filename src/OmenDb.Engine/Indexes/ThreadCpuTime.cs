using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, nanosecond resolution), for
/// timings that must not count the time the thread spent descheduled: on a loaded two-core machine a wall-clock
/// sample of 200 µs is often stretched many times over by the scheduler (the chooser's first calibration at load 37
/// measured a B+-tree median of 2,270 ns per lookup against a usual 90–130), while cache and memory interference,
/// which the engines really pay, still shows in CPU time. Elsewhere, or if the call fails, wall time stands in.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTime = 3;

    private static bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Nanoseconds of CPU time of the calling thread, or of wall time where that cannot be read.</summary>
    public static long Now()
    {
        if (!s_unavailable)
        {
            try
            {
                if (ClockGetTime(ClockThreadCpuTime, out var time) == 0)
                {
                    return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Fall through to wall time from now on.
            }

            s_unavailable = true;
        }

        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc.so.6", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
