using Notify.Core.Messaging;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Dispatcher.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Notify.Dispatcher.Status;

/// <summary>
/// Moves status events from the status stream into PostgreSQL in batches (one transaction per fetch of up to
/// <see cref="BatchSize"/> messages), acking only what was written. While PostgreSQL is down the events wait in the
/// stream: statuses are late, none is lost, and sending goes on. Every replica runs one; they share the consumer. After
/// each batch it announces, per tenant, that statuses were recorded (<see cref="Subjects.StatusesRecorded"/>).
/// </summary>
public sealed partial class StatusWriterService(INatsJSContext js, StatusWriter writer, ILogger<StatusWriterService> logger) : BackgroundService
{
    /// <summary>Messages per batch.</summary>
    public const int BatchSize = 500;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(async ct =>
        {
            var consumer = await js.GetConsumerAsync(Subjects.StatusStream, Subjects.StatusConsumer, ct);
            while (!ct.IsCancellationRequested)
                await WriteOneBatchAsync(consumer, ct);
        }, Supervised.Until.Stopped, LogWriteFailed, stoppingToken, TimeSpan.FromMilliseconds(200));

    private async Task WriteOneBatchAsync(INatsJSConsumer consumer, CancellationToken cancellationToken)
    {
        var messages = new List<INatsJSMsg<IReadOnlyList<StatusEvent>>>(BatchSize);
        var events = new List<StatusEvent>(BatchSize * 2);
        await foreach (var msg in consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = BatchSize, Expires = TimeSpan.FromSeconds(1) },
            NotifySerializer<IReadOnlyList<StatusEvent>>.Default, cancellationToken))
        {
            messages.Add(msg);
            // NATS.Net hands a body that does not deserialize over as msg.Error, and an empty one as null data.
            if (msg.Data is { } batch)
                events.AddRange(batch);
            else
                LogMalformed(msg.Subject, (msg.Error?.InnerException ?? msg.Error)?.Message ?? "empty message");
        }
        if (messages.Count == 0)
            return;
        if (events.Count > 0)
        {
            try
            {
                await writer.WriteBatchAsync(events, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync(messages, cancellationToken);
                throw;
            }
        }
        foreach (var msg in messages)
            await msg.AckAsync(cancellationToken: cancellationToken);
        // Live ops consoles recount when told, instead of polling PostgreSQL: one core message per tenant and batch.
        foreach (var tenant in events.Select(e => e.Tenant).Distinct(StringComparer.Ordinal))
            await js.Connection.PublishAsync(Subjects.StatusesRecorded(tenant), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Hands a batch that could not be written back to the stream, due again after <see cref="RetryDelay"/>: left
    /// unacked, its statuses would wait out the consumer's ack wait (60 s) once PostgreSQL is back.
    /// </summary>
    private static async Task ReleaseAsync(List<INatsJSMsg<IReadOnlyList<StatusEvent>>> messages, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var msg in messages)
                await msg.NakAsync(new AckOpts { NakDelay = RetryDelay }, cancellationToken);
        }
        catch (NatsException)
        {
            // NATS is gone too: the rest come back after the ack wait.
        }
    }

    /// <summary>How long a batch that could not be written waits in the stream before it is fetched again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    [LoggerMessage(LogLevel.Warning, "Status batch not written: {Error}; retrying in {Delay} (the events stay in the stream)")]
    private partial void LogWriteFailed(string error, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Dropping a malformed status message on {Subject}: {Error}")]
    private partial void LogMalformed(string subject, string error);
}
