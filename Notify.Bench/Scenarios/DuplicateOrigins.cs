using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// Where the duplicate pushes of a <c>chaos</c> run came from, read from when each push reached the sandbox.
/// A repeat whose first push reached the provider close to a signal (within <see cref="Window"/> either side: the
/// signal's time is taken just before the signal is sent, and a push the replica had on the wire may land a few
/// milliseconds after it) is a send the signalled replica had made and not yet marked; any other repeat came from a redelivery without a signal (a
/// message that waited past the ack wait in a busy replica while another was handed it). <c>cancelledRequests</c>:
/// provider requests cut off by the caller, i.e. sends a killed replica had in progress, which the stand-in never
/// delivered.
/// </summary>
/// <param name="FirstPushNearSignal">Repeated notifications whose first push came within <see cref="Window"/> of a signal.</param>
/// <param name="Other">Repeated notifications with no signal near their first push.</param>
/// <param name="GapSecondsMedian">Median time from a repeated notification's first push to its second.</param>
/// <param name="GapSecondsMax">Longest such gap.</param>
/// <param name="CancelledRequests">Provider requests the caller cut off.</param>
internal sealed record DuplicateOrigins(int FirstPushNearSignal, int Other, double? GapSecondsMedian, double? GapSecondsMax, long CancelledRequests)
{
    /// <summary>How close to a signal a first push counts as the signalled replica's.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    public static async Task<DuplicateOrigins> ReadAsync(SandboxReader sandbox, IReadOnlySet<Guid> ids, IReadOnlyList<DateTimeOffset> signals, BenchLog log,
        CancellationToken cancellationToken)
    {
        var times = await sandbox.PushTimesAsync(cancellationToken);
        var cancelled = await sandbox.CancelledAsync(cancellationToken);
        var repeated = times.Where(t => ids.Contains(t.Key) && t.Value.Count > 1).Select(t => t.Value).ToList();
        var near = 0;
        var gaps = new List<double>();
        foreach (var pushes in repeated)
        {
            var first = pushes[0];
            var signal = signals.OrderBy(s => (s - first).Duration()).Cast<DateTimeOffset?>().FirstOrDefault();
            var before = signal is { } s ? s - first : (TimeSpan?)null;
            if (before is { } b && b.Duration() <= Window)
                near++;
            gaps.Add((pushes[1] - first).TotalSeconds);
            log.Info($"repeat: first push {(before is { } d ? $"{Math.Abs(d.TotalMilliseconds):F0} ms {(d >= TimeSpan.Zero ? "before" : "after")} the nearest signal" : "with no signal")}, " +
                $"then {string.Join(", ", pushes.Skip(1).Select(p => $"+{(p - first).TotalSeconds:F1} s"))}");
        }
        gaps.Sort();
        return new DuplicateOrigins(near, repeated.Count - near,
            gaps.Count == 0 ? null : Math.Round(gaps[gaps.Count / 2], 1),
            gaps.Count == 0 ? null : Math.Round(gaps[^1], 1),
            cancelled);
    }
}
