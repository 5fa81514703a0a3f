using System.Diagnostics;

namespace ScoringBench;

/// <summary>Times a call repeated over distinct inputs, after as many calls again to warm up (tiered compilation).</summary>
internal static class Timing
{
    /// <summary>Seconds per call over <paramref name="calls"/> calls, and the managed bytes the calling thread
    /// allocated per call.</summary>
    public static (double Seconds, double BytesPerCall) PerCall(int calls, Action<int> call)
    {
        for (int i = 0; i < calls; i++)
        {
            call(i);
        }

        long bytes = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call(i);
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
        return (seconds, (double)(GC.GetAllocatedBytesForCurrentThread() - bytes) / calls);
    }
}
