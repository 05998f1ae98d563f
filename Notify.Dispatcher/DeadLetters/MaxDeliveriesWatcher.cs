using System.Collections.Concurrent;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Dispatcher.Hosting;
using Notify.Dispatcher.Status;
using Notify.Dispatcher.Telemetry;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

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
    INatsJSContext js,
    DeadLetterPublisher deadLetters,
    StatusPublisher statuses,
    DispatcherTelemetry telemetry,
    TimeProvider time,
    ILogger<MaxDeliveriesWatcher> logger) : BackgroundService
{
    private const int MessageNotFound = 10037;
    // Room for a burst (a provider outage exhausting many deliveries at once) while each advisory takes a few round
    // trips: NATS.Net's default of 1024 pending messages would drop the rest, and a dropped advisory strands its message.
    private static readonly NatsSubOpts AdvisoryOpts = new() { ChannelOpts = new NatsSubChannelOpts { Capacity = 65_536 } };
    private readonly ConcurrentDictionary<string, INatsJSStream> _streams = new();
    private long _malformed;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(async ct =>
        {
            await using var advisories = await js.Connection.SubscribeCoreAsync(MaxDeliveriesAdvisory.Subject("*", Subjects.DispatchConsumer),
                "notify-dispatcher", MaxDeliveriesAdvisory.Serializer, AdvisoryOpts, ct);
            await js.Connection.PingAsync(ct); // the server has registered the SUB: no advisory raised from now on is missed
            await foreach (var msg in advisories.Msgs.ReadAllAsync(ct))
            {
                // NATS.Net hands a body that is not an advisory over as msg.Error (and an empty one as null data).
                if (msg.Data is { } advisory)
                    await HandleAsync(advisory, ct);
                else
                    LogMalformed(msg.Subject, ++_malformed, (msg.Error?.InnerException ?? msg.Error)?.Message ?? "empty message");
            }
        }, Supervised.Until.Stopped, LogWatchFailed, stoppingToken);

    /// <summary>Dead-letters the message an advisory names; safe to call twice for the same advisory.</summary>
    public async Task HandleAsync(MaxDeliveriesAdvisory advisory, CancellationToken cancellationToken)
    {
        var priority = Priorities.All.FirstOrDefault(p => Subjects.Stream(p) == advisory.Stream, (Priority)(-1));
        if ((int)priority < 0)
            return; // another application's stream
        try
        {
            var stream = _streams.TryGetValue(advisory.Stream, out var known) ? known : await GetStreamAsync(advisory.Stream, cancellationToken);
            var stored = (await stream.GetAsync(new StreamMsgGetRequest { Seq = advisory.StreamSeq }, cancellationToken)).Message;
            var envelope = Envelopes.TryRead(stored.Data.Span, out var read, out _) ? read : null;
            var tenant = envelope?.Tenant ?? Envelopes.TenantOf(stored.Subject);
            // Read raw, so copied byte for byte.
            await deadLetters.PublishAsync(new DeadLetterNotice(priority, tenant, envelope?.Id, "max_deliveries",
                $"gave up after {advisory.Deliveries} deliveries", advisory.Stream, advisory.StreamSeq, advisory.Deliveries), stored.Data, cancellationToken);
            if (envelope is not null)
            {
                await statuses.PublishAsync(tenant, [new StatusEvent(envelope.Id, tenant, StatusKind.DeadLettered, time.GetUtcNow())
                {
                    Attempt = (int)advisory.Deliveries,
                    Reason = $"max deliveries ({advisory.Deliveries}) reached",
                }], $"dead:{advisory.Stream}:{advisory.StreamSeq}", cancellationToken);
            }
            await js.DeleteMessageAsync(advisory.Stream, new StreamMsgDeleteRequest { Seq = advisory.StreamSeq, NoErase = true }, cancellationToken);
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

    private async Task<INatsJSStream> GetStreamAsync(string name, CancellationToken cancellationToken)
    {
        var stream = await js.GetStreamAsync(name, cancellationToken: cancellationToken);
        _streams[name] = stream;
        return stream;
    }

    [LoggerMessage(LogLevel.Warning, "Dead-lettered {Stream} #{Sequence} after {Deliveries} deliveries")]
    private partial void LogDeadLettered(string stream, ulong sequence, ulong deliveries);

    [LoggerMessage(LogLevel.Error, "Could not dead-letter {Stream} #{Sequence}: {Error}; it stays in its stream")]
    private partial void LogDeadLetterFailed(string stream, ulong sequence, string error);

    [LoggerMessage(LogLevel.Warning, "Cannot watch MAX_DELIVERIES advisories: {Error}; retrying in {Delay}")]
    private partial void LogWatchFailed(string error, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "Ignored a malformed advisory on {Subject} ({Count} so far): {Error}")]
    private partial void LogMalformed(string subject, long count, string error);
}
