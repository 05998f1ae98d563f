using System.Globalization;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Dispatcher.Hosting;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;

namespace Notify.Dispatcher.DeadLetters;

/// <summary>
/// Copies dead letters from the dead-letter stream (their durable record) into PostgreSQL, where they are listed and
/// replayed. Idempotent on (stream, sequence), so a redelivered dead letter adds nothing. A dead letter whose payload
/// is not a notification stays in the stream only, and is acked after being logged.
/// </summary>
public sealed partial class DeadLetterRecorderService(INatsJSContext js, DeadLetterStore store, TimeProvider time, ILogger<DeadLetterRecorderService> logger)
    : BackgroundService
{
    /// <summary>Durable consumer of the recorders.</summary>
    public const string Consumer = "dlq-recorder";

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(async ct =>
        {
            var consumer = await js.CreateOrUpdateConsumerAsync(Subjects.DeadLetterStream, new ConsumerConfig(Consumer) { AckWait = TimeSpan.FromSeconds(30) }, ct);
            await foreach (var msg in consumer.ConsumeAsync(NotifySerializer<NotificationEnvelope>.Default,
                new NatsJSConsumeOpts { MaxMsgs = 100, Expires = TimeSpan.FromSeconds(10) }, ct))
                await RecordAsync(msg, ct);
        }, Supervised.Until.Stopped, LogFailed, stoppingToken);

    private async Task RecordAsync(INatsJSMsg<NotificationEnvelope> msg, CancellationToken cancellationToken)
    {
        if (!Envelopes.TryRead(msg, out var envelope, out _))
        {
            LogUnreadable(msg.Metadata?.Sequence.Stream ?? 0);
            await msg.AckAsync(cancellationToken: cancellationToken);
            return;
        }
        var headers = msg.Headers;
        string Header(string name) => headers is not null && headers.TryGetValue(name, out var value) ? value.ToString() : "";
        var letter = new DeadLetter(Guid.CreateVersion7(), envelope, Header(DeadLetterPublisher.Headers.Reason),
            int.TryParse(Header(DeadLetterPublisher.Headers.Deliveries), CultureInfo.InvariantCulture, out var deliveries) ? deliveries : 0,
            Header(DeadLetterPublisher.Headers.Stream),
            long.TryParse(Header(DeadLetterPublisher.Headers.Sequence), CultureInfo.InvariantCulture, out var seq) ? seq : 0,
            msg.Metadata?.Timestamp ?? time.GetUtcNow())
        {
            Error = headers is not null && headers.TryGetValue(DeadLetterPublisher.Headers.Error, out var error) ? error.ToString() : null,
        };
        try
        {
            await store.RecordAsync(letter, cancellationToken);
            await msg.AckAsync(cancellationToken: cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            LogNotRecorded(letter.Stream, letter.StreamSeq, ex.Message);
            await msg.NakAsync(new AckOpts { NakDelay = TimeSpan.FromSeconds(5) }, cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Dead-letter recorder failed: {Error}; retrying in {Delay}")]
    private partial void LogFailed(string error, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Dead letter #{Sequence} is not a notification; kept in the dead-letter stream only")]
    private partial void LogUnreadable(ulong sequence);

    [LoggerMessage(LogLevel.Warning, "Dead letter {Stream} #{Sequence} not recorded yet: {Error}")]
    private partial void LogNotRecorded(string stream, long sequence, string error);
}
