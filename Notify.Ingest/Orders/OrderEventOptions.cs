using Microsoft.Extensions.Options;
using Notify.Core.Notifications;

namespace Notify.Ingest.Orders;

/// <summary>One row of the order event table, as configured.</summary>
public sealed record OrderEventRuleOptions
{
    /// <summary>The order status, in its wire form (<c>OUT_FOR_DELIVERY</c>).</summary>
    public string Status { get; init; } = "";

    /// <summary>The notification type it raises.</summary>
    public string Type { get; init; } = "";

    /// <summary>Its priority; empty takes the type's.</summary>
    public string? Priority { get; init; }
}

/// <summary>
/// Which notification each order status raises (<c>Notify:Orders:Rules:N:{Status,Type,Priority}</c>); without rules,
/// <see cref="OrderEventMap.DefaultRules"/>. A status without a rule raises nothing.
/// </summary>
public sealed record OrderEventOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Orders";

    /// <summary>The table; empty for the defaults.</summary>
    public IReadOnlyList<OrderEventRuleOptions> Rules { get; init; } = [];

    /// <summary>The map these options describe.</summary>
    public OrderEventMap ToMap() => Rules.Count == 0
        ? new OrderEventMap()
        : new OrderEventMap(Rules.Select(r =>
        {
            OrderEventMap.TryParseStatus(r.Status, out var status);
            Priority? priority = Priorities.TryParse(r.Priority, out var p) ? p : null;
            return new OrderEventRule(status, r.Type, priority);
        }));
}

/// <summary>Refuses to start with a rule that names an unknown status, priority or notification type.</summary>
internal sealed class OrderEventOptionsValidation(NotificationTypeCatalog catalog) : IValidateOptions<OrderEventOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderEventOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var at = $"{OrderEventOptions.Section}:Rules:{i}";
            if (!OrderEventMap.TryParseStatus(rule.Status, out _))
                failures.Add($"{at}:Status '{rule.Status}' is not an order status.");
            if (catalog.Find(rule.Type) is null)
                failures.Add($"{at}:Type '{rule.Type}' is not in the notification type catalogue.");
            if (!string.IsNullOrEmpty(rule.Priority) && !Priorities.TryParse(rule.Priority, out _))
                failures.Add($"{at}:Priority '{rule.Priority}' is not critical, high, normal or low.");
        }
        if (options.Rules.Select(r => r.Status.ToUpperInvariant()).Distinct().Count() != options.Rules.Count)
            failures.Add($"{OrderEventOptions.Section}:Rules names a status twice.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
