using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

namespace Notify.Dispatcher.Caps;

/// <summary>The calendar window a cap counts in, in the user's time zone (UTC when the user has none).</summary>
public enum CapWindow
{
    /// <summary>The calendar minute.</summary>
    Minute,
    /// <summary>The clock hour.</summary>
    Hour,
    /// <summary>The calendar day, midnight to midnight.</summary>
    Day,
}

/// <summary>One cap: at most <see cref="Max"/> notifications of <see cref="Types"/> per user per <see cref="Window"/>.</summary>
public sealed record UserCap
{
    /// <summary>Comma-separated types or categories (<c>promo.*,marketing.*</c>); empty for every type that can be capped.</summary>
    public string Types { get; init; } = "";

    /// <summary>Notifications let through per window; further ones are skipped with the reason.</summary>
    public int Max { get; init; } = 1;

    /// <summary>The window counted in.</summary>
    public CapWindow Window { get; init; } = CapWindow.Day;

    /// <summary>The patterns of <see cref="Types"/>.</summary>
    public IReadOnlyList<string> Patterns => Types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Per-user caps (section <c>Notify:Caps</c>), shared by every replica through Redis. Windows are calendar windows in
/// the user's time zone (a day runs from the user's midnight to midnight), not rolling ones. Critical and required
/// types are never capped.
/// </summary>
public sealed record UserCapOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Caps";

    /// <summary>Off: nothing is capped.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The caps by name (the name appears in the skip reason and the Redis key); every cap that matches a type must allow it.</summary>
    public Dictionary<string, UserCap> Rules { get; init; } = new(StringComparer.Ordinal)
    {
        ["promotional"] = new() { Types = "promo.*,marketing.*", Max = 2, Window = CapWindow.Day },
        ["non-critical"] = new() { Max = 30, Window = CapWindow.Minute },
    };
}

/// <summary>Refuses to start with a cap of a negative count or a window that is not a minute, an hour or a day.</summary>
internal sealed class UserCapOptionsValidation : IValidateOptions<UserCapOptions>
{
    public ValidateOptionsResult Validate(string? name, UserCapOptions options)
    {
        var failures = new OptionsFailures(UserCapOptions.Section);
        foreach (var (rule, cap) in options.Rules)
        {
            failures.AtLeast($"Rules:{rule}:{nameof(cap.Max)}", cap.Max, 0)
                .Require(Enum.IsDefined(cap.Window), $"Rules:{rule}:{nameof(cap.Window)}", "must be Minute, Hour or Day");
        }
        return failures.Result;
    }
}
