using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

namespace Notify.Dispatcher.Receipts;

/// <summary>Delivery receipts to tenants' status webhooks (section <c>Notify:Receipts</c>).</summary>
public sealed record ReceiptOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Receipts";

    /// <summary>How long a replica keeps a tenant's webhook (or its absence) before reading it again.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per batch of receipts before it is given up (logged).</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Delay after the first failed attempt; doubles per attempt up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one POST may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Refuses to start with receipts that are never attempted, or delays and timeouts that are not positive.</summary>
internal sealed class ReceiptOptionsValidation : IValidateOptions<ReceiptOptions>
{
    public ValidateOptionsResult Validate(string? name, ReceiptOptions options) => new OptionsFailures(ReceiptOptions.Section)
        .NotNegative(nameof(options.CacheTtl), options.CacheTtl)
        .AtLeast(nameof(options.MaxAttempts), options.MaxAttempts, 1)
        .Positive(nameof(options.BaseDelay), options.BaseDelay)
        .Require(options.MaxDelay >= options.BaseDelay, nameof(options.MaxDelay), $"must not be shorter than {nameof(options.BaseDelay)}")
        .Positive(nameof(options.Timeout), options.Timeout)
        .Result;
}
