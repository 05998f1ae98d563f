using System.Buffers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Notify.Core.Messaging;
using Notify.Core.Storage;
using Notify.Ingest.Messaging;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Ingest.Inbox;

/// <summary>
/// A user's inbox as server-sent events: first the messages missed since <c>Last-Event-ID</c> (from PostgreSQL), then
/// each message the dispatcher announces on the user's live subject, as it comes (<c>event: inbox</c>, the message's
/// JSON as data, its inbox position as id), with a comment after each quiet <see cref="InboxOptions.HeartbeatInterval"/>.
/// Ends when the client goes away. The subscription is made before the replay, so nothing falls between the two.
/// </summary>
public sealed partial class InboxEventStream(
    INatsSub<ReadOnlyMemory<byte>> subscription, InboxReplay replay, string tenant, string userId, PageCursor? lastEventId, InboxOptions options,
    ILogger logger)
    : IResult, IEndpointMetadataProvider
{
    /// <summary>
    /// Subscribes to the user's live subject and waits one round trip, so a message sent once the client has its 200
    /// reaches the stream; null when NATS is unreachable. Payloads stay raw bytes: they are forwarded as they came.
    /// </summary>
    public static async Task<INatsSub<ReadOnlyMemory<byte>>?> TrySubscribeAsync(INatsConnection nats, string tenant, string userId,
        CancellationToken cancellationToken)
    {
        INatsSub<ReadOnlyMemory<byte>>? subscription = null;
        // NATS.Net's PING has no deadline of its own: give up on the round trip after the request timeout.
        using var pingDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        pingDeadline.CancelAfter(nats.Opts.RequestTimeout);
        try
        {
            NatsOutage.ThrowIfDown(nats);
            // The request's token also ends the subscription when the client goes away.
            subscription = await nats.SubscribeCoreAsync<ReadOnlyMemory<byte>>(Subjects.InAppLive(tenant, userId), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            await nats.PingAsync(pingDeadline.Token).ConfigureAwait(false);
            return subscription;
        }
        catch (Exception ex) when (ex is NatsException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (subscription is not null)
                await subscription.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var aborted = httpContext.RequestAborted;
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await using (subscription)
        {
            try
            {
                await response.StartAsync(aborted).ConfigureAwait(false);
                var sent = await ReplayAsync(response.BodyWriter, aborted).ConfigureAwait(false);
                await ForwardLiveAsync(response.BodyWriter, sent, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // the client went away: the stream ends here
            }
        }
    }

    private async Task<HashSet<Guid>> ReplayAsync(System.IO.Pipelines.PipeWriter writer, CancellationToken cancellationToken)
    {
        var sent = new HashSet<Guid>();
        if (lastEventId is not { } position)
            return sent;
        try
        {
            foreach (var message in await replay.NewerThanAsync(tenant, userId, position, options.MaxReplay, cancellationToken).ConfigureAwait(false))
            {
                WriteEvent(writer, InboxEventIds.Of(message), JsonSerializer.SerializeToUtf8Bytes(message, NotifyJson.Default.InboxMessage));
                sent.Add(message.Id);
            }
        }
        catch (NpgsqlException ex)
        {
            LogReplayUnavailable(logger, ex);
            WriteComment(writer, "replay unavailable: the inbox database is unreachable; live messages follow");
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return sent;
    }

    private async Task ForwardLiveAsync(System.IO.Pipelines.PipeWriter writer, HashSet<Guid> replayed, CancellationToken cancellationToken)
    {
        var messages = subscription.Msgs;
        while (true)
        {
            using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                quiet.CancelAfter(options.HeartbeatInterval);
                try
                {
                    if (!await messages.WaitToReadAsync(quiet.Token).ConfigureAwait(false))
                        return; // the connection closed for good: let the client reconnect elsewhere
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    WriteComment(writer, "heartbeat");
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            while (messages.TryRead(out var msg))
            {
                var message = Parse(msg.Data);
                if (message is not null && replayed.Contains(message.Id))
                    continue;
                WriteEvent(writer, message is null ? null : InboxEventIds.Of(message), msg.Data.Span);
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static InboxMessage? Parse(ReadOnlyMemory<byte> data)
    {
        try
        {
            return JsonSerializer.Deserialize(data.Span, NotifyJson.Default.InboxMessage);
        }
        catch (JsonException)
        {
            return null; // forwarded as it is, without an id
        }
    }

    private static void WriteEvent(IBufferWriter<byte> writer, string? id, ReadOnlySpan<byte> data)
    {
        if (id is not null)
            Write(writer, $"id: {id}\n");
        writer.Write("event: inbox\n"u8);
        foreach (var line in new SpanLines(data))
        {
            writer.Write("data: "u8);
            writer.Write(line);
            writer.Write("\n"u8);
        }
        writer.Write("\n"u8);
    }

    private static void WriteComment(IBufferWriter<byte> writer, string text) => Write(writer, $": {text}\n\n");

    private static void Write(IBufferWriter<byte> writer, string text) => writer.Write(Encoding.UTF8.GetBytes(text));

    /// <inheritdoc />
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox replay after Last-Event-ID skipped: PostgreSQL unreachable")]
    private static partial void LogReplayUnavailable(ILogger logger, Exception exception);

    /// <summary>The lines of a payload (an SSE data field cannot hold a line break).</summary>
    private ref struct SpanLines(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;
        private bool _done;

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly SpanLines GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_done)
                return false;
            var end = _rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                Current = _rest.TrimEnd((byte)'\r');
                _done = true;
                return true;
            }
            Current = _rest[..end].TrimEnd((byte)'\r');
            _rest = _rest[(end + 1)..];
            return true;
        }
    }
}
