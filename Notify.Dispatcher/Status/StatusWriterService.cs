using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Dispatcher.Hosting;
using Notify.Nats.JetStream;

namespace Notify.Dispatcher.Status;

/// <summary>
/// Moves status events from the status stream into PostgreSQL in batches (one transaction per fetch of up to
/// <see cref="BatchSize"/> messages), acking only what was written. While PostgreSQL is down the events wait in the
/// stream: statuses are late, none is lost, and sending goes on. Every replica runs one; they share the consumer.
/// </summary>
public sealed partial class StatusWriterService(NatsJSContext js, StatusWriter writer, ILogger<StatusWriterService> logger) : BackgroundService
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

    private async Task WriteOneBatchAsync(NatsJSConsumer consumer, CancellationToken cancellationToken)
    {
        var messages = new List<NatsJSMsg>(BatchSize);
        var events = new List<StatusEvent>(BatchSize * 2);
        await foreach (var msg in consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = BatchSize, Expires = TimeSpan.FromSeconds(1) }, cancellationToken))
        {
            messages.Add(msg);
            try
            {
                events.AddRange(JsonSerializer.Deserialize(msg.Data.Span, NotifyJson.Default.IReadOnlyListStatusEvent) ?? []);
            }
            catch (JsonException ex)
            {
                LogMalformed(msg.Subject, ex.Message);
            }
        }
        if (messages.Count == 0)
            return;
        if (events.Count > 0)
            await writer.WriteBatchAsync(events, cancellationToken);
        foreach (var msg in messages)
            await msg.AckAsync(cancellationToken: cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Status batch not written: {Error}; retrying in {Delay} (the events stay in the stream)")]
    private partial void LogWriteFailed(string error, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Dropping a malformed status message on {Subject}: {Error}")]
    private partial void LogMalformed(string subject, string error);
}
