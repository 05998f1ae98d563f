using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Notify.Core.Notifications;

/// <summary>One rule of the type catalogue, as configured.</summary>
public sealed record NotificationTypeRuleOptions
{
    /// <summary>An exact type (<c>order.out_for_delivery</c>) or a prefix wildcard (<c>promo.*</c>).</summary>
    public string Pattern { get; init; } = "";

    /// <summary>The priority it implies: critical, high, normal or low.</summary>
    public string Priority { get; init; } = "normal";

    /// <summary>Users cannot opt out of it.</summary>
    public bool Required { get; init; }

    /// <summary><c>fallback</c> or <c>all</c> when neither the request nor the user's preferences say; empty for fallback.</summary>
    public string? Routing { get; init; }

    /// <summary>The channels it goes to when the request names none (<c>push</c>, <c>sms</c>…); empty for the user's order.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];
}

/// <summary>
/// The notification types (<c>Notify:Types:Rules:N:{Pattern,Priority,Required,Routing,Channels}</c>); without rules,
/// <see cref="NotificationTypeCatalog.DefaultRules"/>. Ingest and the dispatchers read the same section: Ingest accepts
/// types and derives priorities from it, the dispatchers route by it.
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
            new NotificationTypeRule(r.Pattern, Priorities.TryParse(r.Priority, out var p) ? p : Priority.Normal, r.Required)
            {
                Routing = Routings.TryParse(r.Routing, out var routing) ? routing : null,
                Channels = r.Channels.Count == 0 ? null : [.. r.Channels.Select(c => Channels.TryParse(c, out var channel) ? channel : Channel.InApp)],
            }));

    /// <summary>Binds <see cref="Section"/>, checks it at start and registers the <see cref="NotificationTypeCatalog"/> it describes.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddOptions<NotificationTypeOptions>().BindConfiguration(Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationTypeOptions>, NotificationTypeOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NotificationTypeOptions>>().Value.ToCatalog());
    }
}

/// <summary>Refuses to start with a rule of no pattern, an unknown priority, routing or channel.</summary>
internal sealed class NotificationTypeOptionsValidation : IValidateOptions<NotificationTypeOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationTypeOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var key = $"{NotificationTypeOptions.Section}:Rules:{i}";
            if (string.IsNullOrWhiteSpace(rule.Pattern) || rule.Pattern == "*")
                failures.Add($"{key}:Pattern must be a type or a prefix wildcard such as promo.*.");
            if (!Priorities.TryParse(rule.Priority, out _))
                failures.Add($"{key}:Priority '{rule.Priority}' is not critical, high, normal or low.");
            if (!string.IsNullOrEmpty(rule.Routing) && !Routings.TryParse(rule.Routing, out _))
                failures.Add($"{key}:Routing '{rule.Routing}' is not fallback or all.");
            for (var c = 0; c < rule.Channels.Count; c++)
            {
                if (!Channels.TryParse(rule.Channels[c], out _))
                    failures.Add($"{key}:Channels:{c} '{rule.Channels[c]}' is not push, sms, email, inapp or webhook.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
