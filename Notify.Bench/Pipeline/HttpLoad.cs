using System.Diagnostics;

namespace Notify.Bench.Pipeline;

/// <summary>
/// A closed loop of <c>clients</c> concurrent callers, each sending its next request when the last one is answered,
/// until <c>requests</c> are done or <c>limit</c> has passed. Latency is per request, from send to the parsed answer.
/// </summary>
internal static class HttpLoad
{
    public sealed record Result(int Requests, int Failures, TimeSpan Elapsed, LatencyFigures Latency)
    {
        public double RequestsPerSec => Math.Round(Requests / Elapsed.TotalSeconds);
    }

    public static async Task<Result> RunAsync(int requests, int clients, TimeSpan limit, Func<int, CancellationToken, Task> send,
        CancellationToken cancellationToken)
    {
        var latencies = new double[requests];
        var next = -1;
        var done = 0;
        var failures = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var clock = Stopwatch.StartNew();
        async Task CallerAsync()
        {
            int index;
            while (!deadline.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await send(index, deadline.Token);
                    latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    Interlocked.Increment(ref done);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    latencies[index] = double.NaN;
                    if (!deadline.IsCancellationRequested)
                        Interlocked.Increment(ref failures);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(CallerAsync, CancellationToken.None)));
        var elapsed = clock.Elapsed;
        var answered = latencies.Where(l => l > 0).ToArray();
        return new Result(done, failures, elapsed, LatencyFigures.From(answered));
    }
}
