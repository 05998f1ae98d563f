using System.Text.Json;
using Microsoft.Extensions.Options;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Dispatcher.Hosting;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Notify.Dispatcher.Scheduling;

/// <summary>
/// The policy in force, kept current by a watch on the <c>notify-config</c> KV bucket. Until the bucket answers,
/// and whenever a stored value does not parse, the last good policy stays in force. The policy of the deployment — in
/// force until one is stored, and again when the stored one is deleted — is <see cref="PriorityPolicy.Default"/> with
/// what configuration section <c>Notify:PriorityPolicy</c> sets.
/// </summary>
public sealed partial class PriorityPolicySource(INatsJSContext js, IConfiguration configuration, ILogger<PriorityPolicySource> logger,
    IOptions<StreamTopologyOptions>? streams = null) : BackgroundService
{
    /// <summary>Configuration section of the deployment's policy.</summary>
    public const string Section = "Notify:PriorityPolicy";

    private readonly PriorityPolicy _configured = configuration.GetSection(Section).Get<PriorityPolicy>() ?? PriorityPolicy.Default;
    private PriorityPolicy? _current;

    /// <summary>The policy in force.</summary>
    public PriorityPolicy Current => Volatile.Read(ref _current) ?? _configured;

    /// <summary>Raised after the policy changed.</summary>
    public event Action<PriorityPolicy>? Changed;

    /// <summary>Stores <paramref name="policy"/> for every dispatcher replica.</summary>
    public static Task SaveAsync(INatsJSContext js, PriorityPolicy policy, CancellationToken cancellationToken = default) =>
        new PriorityPolicyStore(js).SaveAsync(policy, cancellationToken);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(async ct =>
        {
            var store = await new PriorityPolicyStore(js, streams).OpenAsync(ct);
            // Raw bytes, parsed by PriorityPolicyStore.Parse as PriorityPolicyStore.GetAsync does: an empty or invalid
            // value is reported and ignored the same way whichever of the two reads it.
            await foreach (var entry in store.WatchAsync<byte[]>(PriorityPolicy.Key, cancellationToken: ct))
                Apply(entry);
        }, Supervised.Until.Stopped, LogWatchFailed, stoppingToken);

    private void Apply(NatsKVEntry<byte[]> entry)
    {
        PriorityPolicy? policy;
        try
        {
            policy = entry.Operation == NatsKVOperation.Put
                ? PriorityPolicyStore.Parse(entry.Value ?? [])
                : _configured;
        }
        catch (JsonException ex)
        {
            LogInvalidPolicy(entry.Revision, ex.Message);
            return;
        }
        if (policy is null)
            return;
        Volatile.Write(ref _current, policy);
        LogPolicyChanged(entry.Revision, policy.StarvationGuard, string.Join(',', policy.Paused), string.Join(',', policy.Yielding),
            policy.YieldingInFlight, policy.YieldWindowMs);
        Changed?.Invoke(policy);
    }

    [LoggerMessage(LogLevel.Information,
        "Priority policy revision {Revision}: starvation guard {Guard}, paused [{Paused}], [{Yielding}] at most {YieldingInFlight} in flight while critical flows (window {YieldWindowMs} ms)")]
    private partial void LogPolicyChanged(ulong revision, int guard, string paused, string yielding, int yieldingInFlight, int yieldWindowMs);

    [LoggerMessage(LogLevel.Warning, "Priority policy revision {Revision} ignored: {Error}")]
    private partial void LogInvalidPolicy(ulong revision, string error);

    [LoggerMessage(LogLevel.Warning, "Cannot watch the priority policy: {Error}; retrying in {Delay}")]
    private partial void LogWatchFailed(string error, TimeSpan delay);
}
