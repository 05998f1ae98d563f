using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

namespace Notify.Dispatcher.Deferral;

/// <summary>Holding notifications for later: scheduling, quiet hours and batching (section <c>Notify:Deferral</c>).</summary>
public sealed record DeferralOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Deferral";

    /// <summary>
    /// How long non-critical updates sharing a collapse key (the request's <c>collapseKey</c>, else the order id) wait
    /// for each other, counted from the first one's acceptance; zero turns batching off.
    /// </summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Updates merged into one batch at most; the ones after wait on their own and go separately.</summary>
    public int MaxBatchSize { get; init; } = 10;

    /// <summary>
    /// How often a releaser looks at the schedule when its timer has nothing nearer: the timer set for the next due
    /// entry gives the precision, this only catches entries other replicas recorded.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Entries one release transaction claims at most.</summary>
    public int ReleaseBatchSize { get; init; } = 100;
}

/// <summary>Refuses to start with a negative batch window, empty batches or a schedule that is never polled.</summary>
internal sealed class DeferralOptionsValidation : IValidateOptions<DeferralOptions>
{
    public ValidateOptionsResult Validate(string? name, DeferralOptions options) => new OptionsFailures(DeferralOptions.Section)
        .NotNegative(nameof(options.BatchWindow), options.BatchWindow)
        .AtLeast(nameof(options.MaxBatchSize), options.MaxBatchSize, 1)
        .Positive(nameof(options.PollInterval), options.PollInterval)
        .AtLeast(nameof(options.ReleaseBatchSize), options.ReleaseBatchSize, 1)
        .Result;
}
