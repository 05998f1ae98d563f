using Microsoft.Extensions.Options;
using Notify.Core.Configuration;
using Notify.Core.Notifications;

namespace Notify.Core.Messaging;

/// <summary>Limits of one priority's stream and its dispatch consumer.</summary>
public sealed record PriorityStreamOptions
{
    /// <summary>How long a notification may wait before JetStream drops it; zero keeps it until dispatched.</summary>
    public TimeSpan MaxAge { get; init; }

    /// <summary>Deliveries before the server gives up and the dispatcher dead-letters it.</summary>
    public int MaxDeliver { get; init; } = 8;

    /// <summary>Deliveries a dispatcher may hold unacknowledged across all replicas.</summary>
    public int MaxAckPending { get; init; } = 20_000;
}

/// <summary>The JetStream layout; defaults run the local stack, production overrides replicas and limits.</summary>
public sealed record StreamTopologyOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Streams";

    /// <summary>Replicas of every stream (3 in a production cluster).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Window in which a repeated notification id is a duplicate.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Time the dispatcher has to settle a delivery before JetStream redelivers it.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long dead letters are kept in the dead-letter stream (PostgreSQL keeps them too).</summary>
    public TimeSpan DeadLetterMaxAge { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Critical: kept until sent, retried longest.</summary>
    public PriorityStreamOptions Critical { get; init; } = new() { MaxDeliver = 12 };

    /// <summary>High.</summary>
    public PriorityStreamOptions High { get; init; } = new() { MaxDeliver = 10 };

    /// <summary>Normal.</summary>
    public PriorityStreamOptions Normal { get; init; } = new() { MaxDeliver = 8, MaxAge = TimeSpan.FromDays(3) };

    /// <summary>Low (promotional): stale after a day, given up sooner.</summary>
    public PriorityStreamOptions Low { get; init; } = new() { MaxDeliver = 5, MaxAge = TimeSpan.FromDays(1) };

    /// <summary>The options of <paramref name="priority"/>.</summary>
    public PriorityStreamOptions For(Priority priority) => priority switch
    {
        Priority.Critical => Critical,
        Priority.High => High,
        Priority.Normal => Normal,
        _ => Low,
    };
}

/// <summary>Refuses to start with a layout JetStream would refuse, or one that would never redeliver or dead-letter.</summary>
public sealed class StreamTopologyOptionsValidation : IValidateOptions<StreamTopologyOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamTopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new OptionsFailures(StreamTopologyOptions.Section)
            .Between(nameof(options.Replicas), options.Replicas, 1, 5)
            .Positive(nameof(options.DuplicateWindow), options.DuplicateWindow)
            .Positive(nameof(options.AckWait), options.AckWait)
            .NotNegative(nameof(options.DeadLetterMaxAge), options.DeadLetterMaxAge);
        foreach (var priority in Priorities.All)
        {
            var stream = options.For(priority);
            failures.NotNegative($"{priority}:MaxAge", stream.MaxAge)
                .Require(stream.MaxAge == TimeSpan.Zero || stream.MaxAge >= options.DuplicateWindow, $"{priority}:MaxAge",
                    "must not be shorter than DuplicateWindow (JetStream refuses the stream)")
                .AtLeast($"{priority}:MaxDeliver", stream.MaxDeliver, 1)
                .AtLeast($"{priority}:MaxAckPending", stream.MaxAckPending, 1);
        }
        return failures.Result;
    }
}
