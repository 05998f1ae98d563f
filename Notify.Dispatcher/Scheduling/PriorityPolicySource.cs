using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Dispatcher.Hosting;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.KeyValue;

namespace Notify.Dispatcher.Scheduling;

/// <summary>
/// The policy in force, kept current by a watch on the <c>notify-config</c> KV bucket. Until the bucket answers,
/// and whenever a stored value does not parse, the last good policy (at first <see cref="PriorityPolicy.Default"/>)
/// stays in force.
/// </summary>
public sealed partial class PriorityPolicySource(NatsJSContext js, ILogger<PriorityPolicySource> logger) : BackgroundService
{
    private volatile PriorityPolicy _current = PriorityPolicy.Default;

    /// <summary>The policy in force.</summary>
    public PriorityPolicy Current => _current;

    /// <summary>Raised after the policy changed.</summary>
    public event Action<PriorityPolicy>? Changed;

    /// <summary>Stores <paramref name="policy"/> for every dispatcher replica.</summary>
    public static Task SaveAsync(NatsJSContext js, PriorityPolicy policy, CancellationToken cancellationToken = default) =>
        new PriorityPolicyStore(js).SaveAsync(policy, cancellationToken);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(async ct =>
        {
            var store = await new PriorityPolicyStore(js).OpenAsync(ct);
            await foreach (var entry in store.WatchAsync(PriorityPolicy.Key, ct))
                Apply(entry);
        }, Supervised.Until.Stopped, LogWatchFailed, stoppingToken);

    private void Apply(NatsKVEntry entry)
    {
        PriorityPolicy? policy;
        try
        {
            policy = entry.Operation == NatsKVOperation.Put
                ? PriorityPolicyStore.Parse(entry.Value.Span)
                : PriorityPolicy.Default;
        }
        catch (JsonException ex)
        {
            LogInvalidPolicy(entry.Revision, ex.Message);
            return;
        }
        if (policy is null)
            return;
        _current = policy;
        LogPolicyChanged(entry.Revision, policy.StarvationGuard, string.Join(',', policy.Paused));
        Changed?.Invoke(policy);
    }

    [LoggerMessage(LogLevel.Information, "Priority policy revision {Revision}: starvation guard {Guard}, paused [{Paused}]")]
    private partial void LogPolicyChanged(ulong revision, int guard, string paused);

    [LoggerMessage(LogLevel.Warning, "Priority policy revision {Revision} ignored: {Error}")]
    private partial void LogInvalidPolicy(ulong revision, string error);

    [LoggerMessage(LogLevel.Warning, "Cannot watch the priority policy: {Error}; retrying in {Delay}")]
    private partial void LogWatchFailed(string error, TimeSpan delay);
}
