namespace Notify.Bench.Pipeline;

/// <summary>
/// Sends notifications one at a time at a fixed pace, so that each is measured on an otherwise idle path (unless
/// something else loads it on purpose).
/// </summary>
internal static class PacedSender
{
    public static async Task RunAsync(NotifyApiClient client, SendLog log, int count, TimeSpan interval, Func<int, string> body,
        CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        for (var i = 0; i < count; i++)
        {
            await log.SendAsync(client, body(i), cancellationToken);
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
