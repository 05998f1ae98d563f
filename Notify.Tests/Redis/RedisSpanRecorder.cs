using System.Collections.Concurrent;
using System.Diagnostics;
using Notify.Core.Redis;

namespace Notify.Tests.Redis;

/// <summary>
/// Records the Redis command spans of work run through <see cref="TraceAsync{T}"/>, each call under a parent span
/// of its own, so spans of tests running in parallel do not mix in.
/// </summary>
internal sealed class RedisSpanRecorder : IDisposable
{
    private const string ParentSourceName = "Notify.Tests.Redis";
    private static readonly ActivitySource Parents = new(ParentSourceName);
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly List<ActivityTraceId> _traces = [];
    private readonly ActivityListener _listener;

    public RedisSpanRecorder()
    {
        _listener = new ActivityListener
        {
            // By name: a source compared by reference may not exist yet when the listener is added.
            ShouldListenTo = source => source.Name is RedisTelemetry.SourceName or ParentSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Runs <paramref name="work"/> under a new trace; its spans are then <c>Spans(n)</c> for the n-th call.</summary>
    public async Task<T> TraceAsync<T>(Func<Task<T>> work)
    {
        using Activity parent = Parents.StartActivity("test")!;
        _traces.Add(parent.TraceId);
        return await work();
    }

    /// <summary>The Redis spans of the <paramref name="call"/>-th traced call, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans(int call) =>
        [.. _stopped.Where(a => a.Source.Name == RedisTelemetry.SourceName && a.TraceId == _traces[call])];

    /// <summary>The operation names of <see cref="Spans"/>.</summary>
    public IReadOnlyList<string> Operations(int call) => [.. Spans(call).Select(a => a.DisplayName)];

    public void Dispose() => _listener.Dispose();
}
