using Microsoft.Extensions.Options;
using Notify.Core.Notifications;

namespace Notify.Ingest.Notifications;

/// <summary>One rule of the type catalogue, as configured.</summary>
public sealed record NotificationTypeRuleOptions
{
    /// <summary>An exact type (<c>order.out_for_delivery</c>) or a prefix wildcard (<c>promo.*</c>).</summary>
    public string Pattern { get; init; } = "";

    /// <summary>The priority it implies: critical, high, normal or low.</summary>
    public string Priority { get; init; } = "normal";

    /// <summary>Users cannot opt out of it.</summary>
    public bool Required { get; init; }
}

/// <summary>
/// The notification types Ingest accepts (<c>Notify:Types:Rules:N:{Pattern,Priority,Required}</c>); without rules,
/// <see cref="NotificationTypeCatalog.DefaultRules"/>.
/// </summary>
public sealed record NotificationTypeOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Types";

    /// <summary>The rules; empty for the defaults.</summary>
    public IReadOnlyList<NotificationTypeRuleOptions> Rules { get; init; } = [];

    /// <summary>The catalogue these options describe.</summary>
    public NotificationTypeCatalog ToCatalog() => Rules.Count == 0
        ? new NotificationTypeCatalog()
        : new NotificationTypeCatalog(Rules.Select(r =>
            new NotificationTypeRule(r.Pattern, Priorities.TryParse(r.Priority, out var p) ? p : Core.Notifications.Priority.Normal, r.Required)));
}

/// <summary>Refuses to start with a rule of no pattern or an unknown priority.</summary>
internal sealed class NotificationTypeOptionsValidation : IValidateOptions<NotificationTypeOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationTypeOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            if (string.IsNullOrWhiteSpace(rule.Pattern) || rule.Pattern == "*")
                failures.Add($"{NotificationTypeOptions.Section}:Rules:{i}:Pattern must be a type or a prefix wildcard such as promo.*.");
            if (!Priorities.TryParse(rule.Priority, out _))
                failures.Add($"{NotificationTypeOptions.Section}:Rules:{i}:Priority '{rule.Priority}' is not critical, high, normal or low.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
