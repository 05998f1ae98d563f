using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Notify.Nats.JetStream.Internal;
using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream;

/// <summary>JetStream on a connection: streams, consumers, publishing with PubAck.</summary>
public sealed partial class NatsJSContext(NatsConnection connection, NatsJSOpts opts)
{
    private readonly SemaphoreSlim _window = new(opts.MaxConcurrentPublishes, opts.MaxConcurrentPublishes);

    /// <summary>A context with <see cref="NatsJSOpts.Default"/>.</summary>
    public NatsJSContext(NatsConnection connection) : this(connection, NatsJSOpts.Default) { }

    /// <summary>The connection underneath.</summary>
    public NatsConnection Connection { get; } = connection;

    /// <summary>The options in force.</summary>
    public NatsJSOpts Opts { get; } = opts;

    /// <summary>Creates a stream; creating it again with the same configuration succeeds.</summary>
    public async ValueTask<NatsJSStream> CreateStreamAsync(StreamConfig config, CancellationToken cancellationToken = default)
    {
        var info = await StreamRequestAsync($"STREAM.CREATE.{config.Name}", Serialize(config, JetStreamJson.Default.StreamConfig), cancellationToken).ConfigureAwait(false);
        return new NatsJSStream(this, info);
    }

    /// <summary>Changes a stream's configuration.</summary>
    public async ValueTask<NatsJSStream> UpdateStreamAsync(StreamConfig config, CancellationToken cancellationToken = default)
    {
        var info = await StreamRequestAsync($"STREAM.UPDATE.{config.Name}", Serialize(config, JetStreamJson.Default.StreamConfig), cancellationToken).ConfigureAwait(false);
        return new NatsJSStream(this, info);
    }

    /// <summary>Creates the stream, or updates it when it exists with another configuration.</summary>
    public async ValueTask<NatsJSStream> CreateOrUpdateStreamAsync(StreamConfig config, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CreateStreamAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == 10058)
        {
            return await UpdateStreamAsync(config, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The stream named <paramref name="name"/>.</summary>
    /// <exception cref="NatsJSApiException">404 / 10059 when there is none.</exception>
    public async ValueTask<NatsJSStream> GetStreamAsync(string name, CancellationToken cancellationToken = default)
    {
        var info = await StreamRequestAsync($"STREAM.INFO.{name}", default, cancellationToken).ConfigureAwait(false);
        return new NatsJSStream(this, info);
    }

    /// <summary>Deletes a stream and everything in it.</summary>
    public async ValueTask<bool> DeleteStreamAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await RequestAsync($"STREAM.DELETE.{name}", default, JetStreamJson.Default.SuccessResponse, cancellationToken).ConfigureAwait(false);
        return response.Success;
    }

    /// <summary>Creates a consumer, or updates it when it exists.</summary>
    public async ValueTask<NatsJSConsumer> CreateOrUpdateConsumerAsync(string stream, ConsumerConfig config, CancellationToken cancellationToken = default)
    {
        var subject = config.Name is null ? $"CONSUMER.CREATE.{stream}" : $"CONSUMER.CREATE.{stream}.{config.Name}";
        var body = Serialize(new ConsumerCreateRequest(stream, config), JetStreamJson.Default.ConsumerCreateRequest);
        var response = await RequestAsync(subject, body, JetStreamJson.Default.ConsumerInfoResponse, cancellationToken).ConfigureAwait(false);
        return new NatsJSConsumer(this, ToInfo(response));
    }

    /// <summary>The consumer <paramref name="consumer"/> of <paramref name="stream"/>.</summary>
    public async ValueTask<NatsJSConsumer> GetConsumerAsync(string stream, string consumer, CancellationToken cancellationToken = default)
    {
        var response = await RequestAsync($"CONSUMER.INFO.{stream}.{consumer}", default, JetStreamJson.Default.ConsumerInfoResponse, cancellationToken).ConfigureAwait(false);
        return new NatsJSConsumer(this, ToInfo(response));
    }

    /// <summary>Deletes a consumer.</summary>
    public async ValueTask<bool> DeleteConsumerAsync(string stream, string consumer, CancellationToken cancellationToken = default)
    {
        var response = await RequestAsync($"CONSUMER.DELETE.{stream}.{consumer}", default, JetStreamJson.Default.SuccessResponse, cancellationToken).ConfigureAwait(false);
        return response.Success;
    }

    /// <summary>Publishes into a stream and waits for its PubAck. A duplicate is reported by <see cref="PubAckResponse.Duplicate"/>, not thrown.</summary>
    /// <exception cref="NatsJSException">No stream captures <paramref name="subject"/>.</exception>
    public async ValueTask<PubAckResponse> PublishAsync(string subject, ReadOnlyMemory<byte> data, NatsJSPubOpts? opts = null,
        NatsHeaders? headers = null, CancellationToken cancellationToken = default)
    {
        headers = WithPublishHeaders(headers, opts);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var reply = await Connection.RequestAsync(subject, data, headers, Opts.RequestTimeout, cancellationToken).ConfigureAwait(false);
                return ParsePubAck(reply);
            }
            catch (NatsNoRespondersException) when (attempt < Opts.PublishNoResponderRetries)
            {
                await Task.Delay(Opts.PublishNoResponderWait, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsNoRespondersException ex)
            {
                throw new NatsJSException($"No stream answered the publish to '{subject}'.", ex);
            }
        }
    }

    /// <summary>
    /// Publishes without waiting for the PubAck: returns once the message is buffered, with a future for its PubAck.
    /// At most <see cref="NatsJSOpts.MaxConcurrentPublishes"/> wait at once; beyond that this call waits for a slot.
    /// </summary>
    public async ValueTask<NatsJSPublishConcurrentFuture> PublishConcurrentAsync(string subject, ReadOnlyMemory<byte> data,
        NatsJSPubOpts? opts = null, NatsHeaders? headers = null, CancellationToken cancellationToken = default)
    {
        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var request = await Connection.StartRequestAsync(subject, data, WithPublishHeaders(headers, opts), cancellationToken).ConfigureAwait(false);
            return new NatsJSPublishConcurrentFuture(this, request, _window);
        }
        catch
        {
            _window.Release();
            throw;
        }
    }

    /// <summary>Reads one stored message of <paramref name="stream"/>.</summary>
    internal async ValueTask<StoredMsg> GetMsgAsync(string stream, MsgGetRequest request, CancellationToken cancellationToken)
    {
        var response = await RequestAsync($"STREAM.MSG.GET.{stream}", Serialize(request, JetStreamJson.Default.MsgGetRequest),
            JetStreamJson.Default.StoredMsgResponse, cancellationToken).ConfigureAwait(false);
        return response.Message ?? throw new NatsJSException("Message get returned no message.");
    }

    /// <summary>Deletes one stored message of <paramref name="stream"/>.</summary>
    internal async ValueTask<bool> DeleteMsgAsync(string stream, ulong seq, CancellationToken cancellationToken)
    {
        var response = await RequestAsync($"STREAM.MSG.DELETE.{stream}", Serialize(new MsgDeleteRequest(seq, NoErase: true), JetStreamJson.Default.MsgDeleteRequest),
            JetStreamJson.Default.SuccessResponse, cancellationToken).ConfigureAwait(false);
        return response.Success;
    }

    internal static PubAckResponse ParsePubAck(NatsMsg reply)
    {
        if (reply.HasStatus)
            throw new NatsJSException($"Publish answered with status {reply.Headers!.Code} {reply.Headers.Message}.");
        return JsonSerializer.Deserialize(reply.Data.Span, JetStreamJson.Default.PubAckResponse)
            ?? throw new NatsJSException("Empty PubAck.");
    }

    private static NatsHeaders? WithPublishHeaders(NatsHeaders? headers, NatsJSPubOpts? opts)
    {
        if (opts is null)
            return headers;
        // Written into a copy: headers reused for the next publish must not carry this one's id or expectations.
        NatsHeaders? own = null;
        NatsHeaders Own() => own ??= headers?.Copy() ?? new NatsHeaders();
        if (opts.MsgId is not null) Own()["Nats-Msg-Id"] = opts.MsgId;
        if (opts.ExpectedStream is not null) Own()["Nats-Expected-Stream"] = opts.ExpectedStream;
        if (opts.ExpectedLastSequence is { } seq) Own()["Nats-Expected-Last-Sequence"] = seq.ToString(CultureInfo.InvariantCulture);
        if (opts.ExpectedLastSubjectSequence is { } subjectSeq) Own()["Nats-Expected-Last-Subject-Sequence"] = subjectSeq.ToString(CultureInfo.InvariantCulture);
        if (opts.ExpectedLastMsgId is not null) Own()["Nats-Expected-Last-Msg-Id"] = opts.ExpectedLastMsgId;
        return own ?? headers;
    }

    internal static byte[] Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    private async ValueTask<StreamInfo> StreamRequestAsync(string api, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var response = await RequestAsync(api, body, JetStreamJson.Default.StreamInfoResponse, cancellationToken).ConfigureAwait(false);
        return new StreamInfo { Config = response.Config!, State = response.State, Created = response.Created };
    }

    private static ConsumerInfo ToInfo(ConsumerInfoResponse r) => new()
    {
        StreamName = r.StreamName, Name = r.Name, Config = r.Config!, Delivered = r.Delivered, AckFloor = r.AckFloor,
        NumAckPending = r.NumAckPending, NumRedelivered = r.NumRedelivered, NumWaiting = r.NumWaiting, NumPending = r.NumPending,
    };

    /// <summary>Calls <c>$JS.API.&lt;api&gt;</c>; an error in the response becomes <see cref="NatsJSApiException"/>.</summary>
    internal async ValueTask<TResponse> RequestAsync<TResponse>(string api, ReadOnlyMemory<byte> body,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : IApiResponse
    {
        NatsMsg reply;
        try
        {
            reply = await Connection.RequestAsync($"{Opts.ApiPrefix}.{api}", body, null, Opts.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsNoRespondersException ex)
        {
            throw new NatsJSException("JetStream is not enabled on the server, or not available to this account.", ex);
        }
        var response = JsonSerializer.Deserialize(reply.Data.Span, responseType)
            ?? throw new NatsJSException($"Empty JetStream response to {api}.");
        return response.Error is null ? response : throw new NatsJSApiException(response.Error);
    }
}
