using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Notify.Core.Messaging;
using Notify.Ingest.Messaging;
using NATS.Client.Core;

namespace Notify.Ingest.Operations;

/// <summary>
/// The ops summary as a stream of <c>summary</c> events: one at once, then one each time the status writers announce
/// that they recorded the tenant's statuses (<see cref="Subjects.StatusesRecorded"/>, the way the inbox stream hears of
/// new messages), counted after the announcement, and one after each quiet <see cref="SummaryStreamOptions.RefreshInterval"/>.
/// Announcements close together make one summary (<see cref="SummaryStreamOptions.MinInterval"/>). While NATS is
/// unreachable the summaries come on the refresh interval alone, and say the queue is unavailable.
/// </summary>
public sealed class SummaryStream(OpsSummaryReader reader, INatsConnection nats, IOptions<SummaryStreamOptions> options, TimeProvider time)
{
    /// <summary>The event type of each summary.</summary>
    public const string EventType = "summary";

    /// <summary>The summaries of <paramref name="tenant"/> over <paramref name="minutes"/>, until <paramref name="cancellationToken"/> ends the stream.</summary>
    public async IAsyncEnumerable<SseItem<OpsSummary>> ReadAsync(string tenant, int minutes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var announcements = await TrySubscribeAsync(tenant, cancellationToken).ConfigureAwait(false);
        var countedAfter = time.GetUtcNow();
        while (true)
        {
            var summary = await reader.ReadAsync(tenant, minutes, cancellationToken, countedAfter).ConfigureAwait(false);
            yield return new SseItem<OpsSummary>(summary, EventType);
            var sentAt = time.GetUtcNow();
            var announced = await WaitForAnnouncementAsync(announcements, cancellationToken).ConfigureAwait(false);
            var wait = options.Value.MinInterval - (time.GetUtcNow() - sentAt);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            Drain(announcements);
            // After an announcement only a count started from now on includes what was recorded; after a quiet
            // interval a count other consoles of the tenant made lately will do.
            countedAfter = announced ? time.GetUtcNow() : time.GetUtcNow() - OpsSummaryReader.CountsFreshFor;
        }
    }

    /// <summary>True when the tenant's statuses were recorded; false when the refresh interval passed quietly.</summary>
    private async Task<bool> WaitForAnnouncementAsync(INatsSub<byte[]>? announcements, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(options.Value.RefreshInterval);
        try
        {
            if (announcements is not null && await announcements.Msgs.WaitToReadAsync(quiet.Token).ConfigureAwait(false))
                return true;
            // no subscription, or it ended with its connection: wait out the interval
            await Task.Delay(options.Value.RefreshInterval, time, quiet.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the refresh interval passed
        }
        return false;
    }

    private static void Drain(INatsSub<byte[]>? announcements)
    {
        while (announcements is not null && announcements.Msgs.TryRead(out _))
        {
        }
    }

    private async Task<INatsSub<byte[]>?> TrySubscribeAsync(string tenant, CancellationToken cancellationToken)
    {
        try
        {
            NatsOutage.ThrowIfDown(nats);
            return await nats.SubscribeCoreAsync<byte[]>(Subjects.StatusesRecorded(tenant), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException)
        {
            return null; // summaries on the refresh interval alone; the summary itself says the queue is unavailable
        }
    }
}
