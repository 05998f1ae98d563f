using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Notifications;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Notify.Core.Messaging;

/// <summary>
/// Creates (or brings up to date) every stream and shared consumer Notify needs. Idempotent, so every Ingest and
/// Dispatcher replica runs it at start. Work streams are work queues: a message is gone once a dispatcher acks it.
/// Consumers have no <c>backoff</c> list: the dispatcher computes its own NAK delays (on 2.9 the two would add up).
/// A stream that exists with other replicas than <see cref="StreamTopologyOptions.Replicas"/> is scaled to them (a
/// cluster moves its data and its consumers, which follow the stream's replicas); where the server refuses, the stream
/// keeps its replicas and a warning says what to do. A single server gets one replica whatever is configured, and a
/// warning: it refuses to create more, and would record more on an update while keeping one.
/// </summary>
public sealed partial class StreamTopology(INatsJSContext js, StreamTopologyOptions options, ILogger<StreamTopology>? logger = null)
{
    private const int StreamNotFound = 10059;
    private readonly ILogger _logger = logger ?? NullLogger<StreamTopology>.Instance;
    private bool _singleServerReported;

    /// <summary>The options in force.</summary>
    public StreamTopologyOptions Options { get; } = options;

    /// <summary>
    /// The replicas a stream or KV bucket can have on the server <paramref name="js"/> talks to: <paramref name="configured"/>
    /// on a cluster, 1 on a single server (connecting first, to know which it is).
    /// </summary>
    public static async ValueTask<int> ReplicasOnAsync(INatsJSContext js, int configured)
    {
        ArgumentNullException.ThrowIfNull(js);
        if (configured <= 1)
            return configured;
        await js.Connection.ConnectAsync().ConfigureAwait(false);
        return string.IsNullOrEmpty(js.Connection.ServerInfo?.Cluster) ? 1 : configured;
    }

    /// <summary>Creates or updates the streams and consumers.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        foreach (var priority in Priorities.All)
        {
            var limits = Options.For(priority);
            await EnsureStreamAsync(new StreamConfig(Subjects.Stream(priority), [Subjects.StreamFilter(priority)])
            {
                Description = $"Notifications of priority {priority.ToWire()} waiting for dispatch",
                Retention = StreamConfigRetention.Workqueue,
                Storage = StreamConfigStorage.File,
                NumReplicas = Options.Replicas,
                DuplicateWindow = Options.DuplicateWindow,
                MaxAge = limits.MaxAge,
                AllowDirect = true,
            }, cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateConsumerAsync(Subjects.Stream(priority), DispatchConsumer(priority), cancellationToken).ConfigureAwait(false);
        }

        await EnsureStreamAsync(new StreamConfig(Subjects.DeadLetterStream, [Subjects.DeadLetterFilter])
        {
            Description = "Notifications that could not be delivered, kept for inspection and replay",
            Storage = StreamConfigStorage.File,
            NumReplicas = Options.Replicas,
            MaxAge = Options.DeadLetterMaxAge,
            DuplicateWindow = Options.DuplicateWindow,
        }, cancellationToken).ConfigureAwait(false);

        await EnsureStreamAsync(new StreamConfig(Subjects.StatusStream, [Subjects.StatusFilter])
        {
            Description = "Status changes on their way to PostgreSQL",
            Retention = StreamConfigRetention.Workqueue,
            Storage = StreamConfigStorage.File,
            NumReplicas = Options.Replicas,
            DuplicateWindow = Options.DuplicateWindow,
        }, cancellationToken).ConfigureAwait(false);
        await js.CreateOrUpdateConsumerAsync(Subjects.StatusStream, new ConsumerConfig(Subjects.StatusConsumer)
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            AckWait = TimeSpan.FromSeconds(60),
            MaxAckPending = 50_000,
        }, cancellationToken).ConfigureAwait(false);

        // Receipts have their own work queue and consumer (a work-queue stream allows one consumer per subject), so
        // a slow or failing tenant endpoint never holds up the status writers.
        await EnsureStreamAsync(new StreamConfig(Subjects.ReceiptStream, [Subjects.ReceiptFilter])
        {
            Description = "Status changes on their way to tenants' status webhooks",
            Retention = StreamConfigRetention.Workqueue,
            Storage = StreamConfigStorage.File,
            NumReplicas = Options.Replicas,
            DuplicateWindow = Options.DuplicateWindow,
            MaxAge = TimeSpan.FromDays(1),
        }, cancellationToken).ConfigureAwait(false);
        await js.CreateOrUpdateConsumerAsync(Subjects.ReceiptStream, new ConsumerConfig(Subjects.ReceiptConsumer)
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            AckWait = TimeSpan.FromSeconds(60),
            MaxAckPending = 10_000,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates or updates one stream. A change of replicas the server refuses (a single server asked for more than one, a
    /// cluster with fewer nodes than asked) leaves the stream's replicas as they are, says so, and applies the rest.
    /// </summary>
    private async Task EnsureStreamAsync(StreamConfig config, CancellationToken cancellationToken)
    {
        int? current = await ReplicasAsync(config.Name!, cancellationToken).ConfigureAwait(false);
        int possible = await ReplicasOnAsync(js, config.NumReplicas).ConfigureAwait(false);
        if (possible != config.NumReplicas)
        {
            if (!_singleServerReported)
                LogSingleServer(config.NumReplicas);
            _singleServerReported = true;
            config = config with { NumReplicas = possible };
        }

        try
        {
            await js.CreateOrUpdateStreamAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException refused) when (current is int replicas && replicas != config.NumReplicas)
        {
            LogScaleRefused(config.Name!, replicas, config.NumReplicas, refused.Error.Description ?? refused.Message);
            await js.CreateOrUpdateStreamAsync(config with { NumReplicas = replicas }, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (current is int before && before != config.NumReplicas)
            LogScaled(config.Name!, before, config.NumReplicas);
    }

    /// <summary>The replicas of the stream <paramref name="name"/>, or null when it does not exist yet.</summary>
    private async Task<int?> ReplicasAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            INatsJSStream stream = await js.GetStreamAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return stream.Info.Config.NumReplicas;
        }
        catch (NatsJSApiException missing) when (missing.Error.ErrCode == StreamNotFound)
        {
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "The NATS server is not part of a JetStream cluster: streams and KV buckets get 1 replica, not the {Configured} " +
        "that Notify:Streams:Replicas asks for. Set Notify:Streams:Replicas to 1, or connect to a cluster")]
    private partial void LogSingleServer(int configured);

    [LoggerMessage(LogLevel.Information, "Stream {Stream} scaled from {Before} to {After} replicas (Notify:Streams:Replicas)")]
    private partial void LogScaled(string stream, int before, int after);

    [LoggerMessage(LogLevel.Warning, "Stream {Stream} keeps its {Current} replica(s): the server refused the {Wanted} that Notify:Streams:Replicas asks for ({Error}). " +
        "Give the JetStream cluster at least {Wanted} nodes, or set Notify:Streams:Replicas to {Current}")]
    private partial void LogScaleRefused(string stream, int current, int wanted, string error);

    /// <summary>The dispatch consumer's configuration for <paramref name="priority"/>.</summary>
    public ConsumerConfig DispatchConsumer(Priority priority)
    {
        var limits = Options.For(priority);
        return new ConsumerConfig(Subjects.DispatchConsumer)
        {
            Description = $"Dispatcher replicas, priority {priority.ToWire()}",
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            AckWait = Options.AckWait,
            MaxDeliver = limits.MaxDeliver,
            MaxAckPending = limits.MaxAckPending,
            MaxWaiting = 512,
        };
    }
}
