using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notify.Core.Configuration;
using Notify.Core.Notifications;
using Notify.Dispatcher.Delivery;

namespace Notify.Dispatcher;

/// <summary>How much work one dispatcher replica takes on (section <c>Notify:Dispatcher</c>).</summary>
public sealed record DispatcherOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Dispatcher";

    /// <summary>Deliveries processed at once by this replica.</summary>
    public int MaxConcurrency { get; init; } = 256;

    /// <summary>
    /// Messages pulled ahead per priority. Small for critical so replicas share a burst; larger for the rest for
    /// throughput. A pulled message waits its turn here with its ack timer running, so keep this well under what
    /// the replica sends in an ack wait.
    /// </summary>
    public Dictionary<Priority, int> Prefetch { get; init; } = new()
    {
        [Priority.Critical] = 64,
        [Priority.High] = 128,
        [Priority.Normal] = 256,
        [Priority.Low] = 256,
    };

    /// <summary>
    /// Per priority, what a redelivery does with a channel in doubt (an earlier attempt started and recorded no
    /// outcome): <see cref="InDoubtAction.Resend"/> (at least once: the user may get it twice) or
    /// <see cref="InDoubtAction.Skip"/> (at most once: the channel ends skipped, reason <c>in_doubt</c>). Promotions
    /// are not worth a duplicate; an order update is worth one.
    /// </summary>
    public Dictionary<Priority, InDoubtAction> InDoubt { get; init; } = new()
    {
        [Priority.Critical] = InDoubtAction.Resend,
        [Priority.High] = InDoubtAction.Resend,
        [Priority.Normal] = InDoubtAction.Resend,
        [Priority.Low] = InDoubtAction.Skip,
    };

    /// <summary>Messages waiting per priority between its consumer and the picker.</summary>
    public int BufferPerPriority { get; init; } = 32;

    /// <summary>How long one pull request stays open on the server: 1 to 60 s.</summary>
    public TimeSpan PullExpires { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The shortest <see cref="PullExpires"/> NATS.Net takes.</summary>
    public static readonly TimeSpan MinPullExpires = TimeSpan.FromSeconds(1);

    /// <summary>The longest: NATS.Net heartbeats a pull every half of it, and refuses heartbeats over 30 s.</summary>
    public static readonly TimeSpan MaxPullExpires = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After the replica starts, how long the priorities the policy marks as yielding are held to
    /// <see cref="PriorityPolicy.YieldingInFlight"/> as if critical notifications were flowing. A new process runs its
    /// code unoptimised and compiles it while it works; started on a backlog of promotions it would otherwise take
    /// <see cref="MaxConcurrency"/> of them at once and leave a critical notification arriving then short of CPU.
    /// Zero turns it off.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Refuses to start with values the consumers could not run with. NATS.Net would refuse every pull request with an
/// expiry outside 1 to 60 s, and the replica would deliver nothing while it looked healthy.
/// </summary>
internal sealed class DispatcherOptionsValidation(IConfiguration configuration) : IValidateOptions<DispatcherOptions>
{
    public ValidateOptionsResult Validate(string? name, DispatcherOptions options)
    {
        var failures = new OptionsFailures(DispatcherOptions.Section)
            .AtLeast(nameof(options.MaxConcurrency), options.MaxConcurrency, 1)
            .AtLeast(nameof(options.BufferPerPriority), options.BufferPerPriority, 1)
            .Between(nameof(options.PullExpires), options.PullExpires, DispatcherOptions.MinPullExpires, DispatcherOptions.MaxPullExpires,
                $"{DispatcherOptions.MinPullExpires.TotalSeconds:0} and {DispatcherOptions.MaxPullExpires.TotalSeconds:0} seconds")
            .NotNegative(nameof(options.WarmUp), options.WarmUp);
        foreach (var (priority, prefetch) in options.Prefetch)
            failures.AtLeast($"{nameof(options.Prefetch)}:{priority}", prefetch, 1);
        foreach (var (priority, action) in options.InDoubt)
            failures.Require(Enum.IsDefined(action), $"{nameof(options.InDoubt)}:{priority}", $"must be skip or resend, not {(int)action}");
        // The binder leaves out a dictionary entry it cannot convert (a misspelt priority or action) without a word.
        foreach (var entry in configuration.GetSection($"{DispatcherOptions.Section}:{nameof(options.InDoubt)}").GetChildren())
        {
            var key = $"{nameof(options.InDoubt)}:{entry.Key}";
            failures.Require(Enum.TryParse<Priority>(entry.Key, ignoreCase: true, out _), key, "is not a priority (critical, high, normal, low)");
            failures.Require(Enum.TryParse<InDoubtAction>(entry.Value, ignoreCase: true, out _), key, $"must be skip or resend, not '{entry.Value}'");
        }
        return failures.Result;
    }
}
