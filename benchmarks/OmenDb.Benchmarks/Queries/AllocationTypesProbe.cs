using System.Diagnostics.Tracing;
using System.Globalization;

namespace OmenDb.Benchmarks.Queries;

/// <summary>
/// `alloc-types`: which types the prepared point lookup of <see cref="KeyQueryBenchmarks"/> allocates, from the
/// runtime's GC AllocationTick events (one per ~100 KB allocated, naming the type that crossed the mark): a sampled
/// allocation profile without dotnet-trace. Counts are proportional to bytes.
/// </summary>
internal static class AllocationTypesProbe
{
    public static void Run()
    {
        var benchmarks = new KeyQueryBenchmarks();
        benchmarks.Setup();
        try
        {
            for (var i = 0; i < 20_000; i++)
            {
                benchmarks.Lookup();
            }

            using var listener = new AllocationTickListener();
            for (var i = 0; i < 400_000; i++)
            {
                benchmarks.Lookup();
            }

            foreach (var (type, ticks) in listener.Snapshot().OrderByDescending(kv => kv.Value).Take(30))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ticks,6} {type}"));
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private sealed class AllocationTickListener : EventListener
    {
        /// <summary>The runtime's GC keyword.</summary>
        private const EventKeywords GcKeyword = (EventKeywords)0x1;

        private readonly Dictionary<string, int> _ticks = [];

        public Dictionary<string, int> Snapshot()
        {
            lock (_ticks)
            {
                return new Dictionary<string, int>(_ticks);
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
            {
                return;
            }

            var index = eventData.PayloadNames.IndexOf("TypeName");
            var type = index >= 0 ? eventData.Payload?[index]?.ToString() ?? "?" : "?";
            lock (_ticks)
            {
                _ticks[type] = _ticks.GetValueOrDefault(type) + 1;
            }
        }
    }
}
