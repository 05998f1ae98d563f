using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

namespace Notify.Dispatcher.Retention;

/// <summary>How long history is kept in PostgreSQL, and how the retention job deletes the rest (section <c>Notify:Retention</c>).</summary>
public sealed record RetentionOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Retention";

    /// <summary>Whether the job runs at all; without it nothing is ever deleted.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How often a replica tries to run a round (one replica at a time does).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Rows one DELETE statement removes at most (a notification counts once, with its deliveries and events), so no
    /// statement holds its locks for long or writes a burst of WAL.
    /// </summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>
    /// How long a notification, its deliveries and its timeline are kept after it was accepted. One is kept longer while
    /// it waits in the deferral schedule, and until its status has not changed for this long.
    /// </summary>
    public TimeSpan Notifications { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long an in-app inbox message is kept after it was delivered, read or not.</summary>
    public TimeSpan Inbox { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long a dead letter is kept after it was recorded.</summary>
    public TimeSpan DeadLetters { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long a deferral schedule entry is kept after it was released, cancelled or superseded.</summary>
    public TimeSpan Deferred { get; init; } = TimeSpan.FromDays(7);
}

/// <summary>Refuses to start with a round that never comes, deletes nothing, or ages that are not positive.</summary>
internal sealed class RetentionOptionsValidation : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) => new OptionsFailures(RetentionOptions.Section)
        .Positive(nameof(options.Interval), options.Interval)
        .AtLeast(nameof(options.BatchSize), options.BatchSize, 1)
        .Positive(nameof(options.Notifications), options.Notifications)
        .Positive(nameof(options.Inbox), options.Inbox)
        .Positive(nameof(options.DeadLetters), options.DeadLetters)
        .Positive(nameof(options.Deferred), options.Deferred)
        .Result;
}
