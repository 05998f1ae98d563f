using System.Globalization;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Notify.Dispatcher.DeadLetters;

/// <summary>Why a notification was given up.</summary>
/// <param name="Priority">Its priority (the stream it came from).</param>
/// <param name="Tenant">Its tenant, or <c>unknown</c> for an unreadable message.</param>
/// <param name="NotificationId">Its id, when readable.</param>
/// <param name="Reason">Short, stable reason: <c>max_deliveries</c>, <c>permanent_failure</c>, <c>malformed</c>.</param>
/// <param name="Error">The last error, in words.</param>
/// <param name="Stream">The work stream.</param>
/// <param name="StreamSequence">Its sequence there.</param>
/// <param name="Deliveries">Deliveries made.</param>
public sealed record DeadLetterNotice(Priority Priority, string Tenant, Guid? NotificationId, string Reason, string? Error,
    string Stream, ulong StreamSequence, ulong Deliveries);

/// <summary>
/// Copies a message that cannot be delivered to the dead-letter stream, with headers saying why, before the original is
/// removed from its work stream: a notification as its envelope's JSON, anything else byte for byte. The dead-letter
/// stream is the durable record: a recorder copies it into PostgreSQL for listing and replay. The message id
/// (<c>dlq:&lt;stream&gt;:&lt;seq&gt;</c>) makes a second attempt (two replicas, or a crash and a redelivery) store nothing new.
/// </summary>
public sealed class DeadLetterPublisher(INatsJSContext js)
{
    /// <summary>Header names on dead letters.</summary>
    public static class Headers
    {
        /// <summary>Reason.</summary>
        public const string Reason = "Notify-Dead-Reason";
        /// <summary>Last error.</summary>
        public const string Error = "Notify-Dead-Error";
        /// <summary>Work stream.</summary>
        public const string Stream = "Notify-Stream";
        /// <summary>Sequence in the work stream.</summary>
        public const string Sequence = "Notify-Stream-Seq";
        /// <summary>Deliveries made.</summary>
        public const string Deliveries = "Notify-Deliveries";
        /// <summary>Notification id.</summary>
        public const string NotificationId = "Notify-Notification-Id";
        /// <summary>Priority.</summary>
        public const string Priority = "Notify-Priority";
    }

    /// <summary>
    /// Stores the dead letter of a readable notification, serialized as Ingest wrote it (the same <see cref="NotifyJson"/>
    /// contract the recorder and the replay read); returns once the dead-letter stream has it.
    /// </summary>
    public ValueTask PublishAsync(DeadLetterNotice letter, NotificationEnvelope envelope, CancellationToken cancellationToken) =>
        PublishAsync(letter, envelope, NotifySerializer<NotificationEnvelope>.Default, cancellationToken);

    /// <summary>Stores the dead letter of a message kept as its bytes; returns once the dead-letter stream has it.</summary>
    public ValueTask PublishAsync(DeadLetterNotice letter, ReadOnlyMemory<byte> originalData, CancellationToken cancellationToken) =>
        PublishAsync(letter, originalData, serializer: null, cancellationToken);

    private async ValueTask PublishAsync<T>(DeadLetterNotice letter, T data, INatsSerialize<T>? serializer, CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders
        {
            [Headers.Reason] = letter.Reason,
            [Headers.Stream] = letter.Stream,
            [Headers.Sequence] = letter.StreamSequence.ToString(CultureInfo.InvariantCulture),
            [Headers.Deliveries] = letter.Deliveries.ToString(CultureInfo.InvariantCulture),
            [Headers.Priority] = letter.Priority.ToWire(),
        };
        if (letter.Error is { } error)
            headers[Headers.Error] = OneLine(error);
        if (letter.NotificationId is { } id)
            headers[Headers.NotificationId] = id.ToString();
        // A duplicate is the second attempt the message id is there for: the stream already has the copy.
        (await js.PublishAsync(Subjects.DeadLetter(letter.Priority, letter.Tenant), data, serializer,
            new NatsJSPubOpts { MsgId = $"dlq:{letter.Stream}:{letter.StreamSequence}" }, headers, cancellationToken)).ThrowIfRefused();
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 512 ? line[..512] : line;
    }
}
