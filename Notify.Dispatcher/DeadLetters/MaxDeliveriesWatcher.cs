using System.Collections.Concurrent;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Dispatcher.Hosting;
using Notify.Dispatcher.Status;
using Notify.Dispatcher.Telemetry;
using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Advisories;

namespace Notify.Dispatcher.DeadLetters;

/// <summary>
/// Turns MAX_DELIVERIES advisories of the dispatch consumers into dead letters: reads the message by its stream
/// sequence, copies it to the dead-letter stream, records the status, and only then deletes it from the work stream
/// (JetStream keeps a message that hit max_deliver under every retention policy). The replicas share the advisories
/// through a queue group, so each is handled once; every step is idempotent, so a crash midway is repaired by the
/// next attempt. This covers deliveries the pipeline never settled (a dispatcher killed mid-delivery on its last
/// attempt); the pipeline dead-letters the ones it sees fail on their last attempt itself.
/// </summary>
public sealed partial class MaxDeliveriesWatcher(
    NatsJSContext js,
    DeadLetterPublisher deadLetters,
    StatusPublisher statuses,
    DispatcherTelemetry telemetry,
    TimeProvider time,
    ILogger<MaxDeliveriesWatcher> logger) : BackgroundService
{
    private const int MessageNotFound = 10037;
    private readonly ConcurrentDictionary<string, NatsJSStream> _streams = new();

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(async ct =>
        {
            await using var advisories = await js.SubscribeMaxDeliveriesAsync("*", Subjects.DispatchConsumer, "notify-dispatcher", ct);
            await foreach (var advisory in advisories.WithCancellation(ct))
                await HandleAsync(advisory, ct);
        }, Supervised.Until.Stopped, LogWatchFailed, stoppingToken);

    /// <summary>Dead-letters the message an advisory names; safe to call twice for the same advisory.</summary>
    public async Task HandleAsync(ConsumerMaxDeliveriesAdvisory advisory, CancellationToken cancellationToken)
    {
        var priority = Priorities.All.FirstOrDefault(p => Subjects.Stream(p) == advisory.Stream, (Priority)(-1));
        if ((int)priority < 0)
            return; // another application's stream
        try
        {
            var stream = _streams.TryGetValue(advisory.Stream, out var known) ? known : await GetStreamAsync(advisory.Stream, cancellationToken);
            var stored = await stream.GetMsgAsync(advisory.StreamSeq, cancellationToken);
            var envelope = Envelopes.TryRead(stored.Data, out var read, out _) ? read : null;
            var tenant = envelope?.Tenant ?? Envelopes.TenantOf(stored.Subject);
            await deadLetters.PublishAsync(new DeadLetterNotice(priority, tenant, envelope?.Id, "max_deliveries",
                $"gave up after {advisory.Deliveries} deliveries", advisory.Stream, advisory.StreamSeq, advisory.Deliveries), stored.Data ?? [], cancellationToken);
            if (envelope is not null)
            {
                await statuses.PublishAsync(tenant, [new StatusEvent(envelope.Id, tenant, StatusKind.DeadLettered, time.GetUtcNow())
                {
                    Attempt = (int)advisory.Deliveries,
                    Reason = $"max deliveries ({advisory.Deliveries}) reached",
                }], $"dead:{advisory.Stream}:{advisory.StreamSeq}", cancellationToken);
            }
            await stream.DeleteMsgAsync(advisory.StreamSeq, cancellationToken);
            telemetry.DeadLettered(priority, "max_deliveries");
            LogDeadLettered(advisory.Stream, advisory.StreamSeq, advisory.Deliveries);
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == MessageNotFound)
        {
            // already handled: another replica, or an earlier attempt that got as far as the delete
        }
        catch (NatsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The message stays in its stream; the advisory is gone. Logged as an error so an operator can replay it.
            LogDeadLetterFailed(advisory.Stream, advisory.StreamSeq, ex.Message);
        }
    }

    private async Task<NatsJSStream> GetStreamAsync(string name, CancellationToken cancellationToken)
    {
        var stream = await js.GetStreamAsync(name, cancellationToken);
        _streams[name] = stream;
        return stream;
    }

    [LoggerMessage(LogLevel.Warning, "Dead-lettered {Stream} #{Sequence} after {Deliveries} deliveries")]
    private partial void LogDeadLettered(string stream, ulong sequence, ulong deliveries);

    [LoggerMessage(LogLevel.Error, "Could not dead-letter {Stream} #{Sequence}: {Error}; it stays in its stream")]
    private partial void LogDeadLetterFailed(string stream, ulong sequence, string error);

    [LoggerMessage(LogLevel.Warning, "Cannot watch MAX_DELIVERIES advisories: {Error}; retrying in {Delay}")]
    private partial void LogWatchFailed(string error, TimeSpan delay);
}
