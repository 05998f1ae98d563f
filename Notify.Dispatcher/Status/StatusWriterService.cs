using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Nats;
using Notify.Nats.JetStream;
using Npgsql;

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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var consumer = await js.GetConsumerAsync(Subjects.StatusStream, Subjects.StatusConsumer, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await WriteOneBatchAsync(consumer, stoppingToken);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NatsException or NpgsqlException or TimeoutException)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(200 * Math.Pow(2, failures), 10_000));
                LogWriteFailed(ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

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

    [LoggerMessage(LogLevel.Warning, "Status batch not written: {Error}; retrying in {Seconds} s (events stay in the stream)")]
    private partial void LogWriteFailed(string error, double seconds);

    [LoggerMessage(LogLevel.Error, "Dropping a malformed status message on {Subject}: {Error}")]
    private partial void LogMalformed(string subject, string error);
}
