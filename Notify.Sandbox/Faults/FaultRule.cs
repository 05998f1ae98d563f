using System.Text.Json.Serialization;
using Notify.Core.Notifications;

namespace Notify.Sandbox.Faults;

/// <summary>An active fault, as <c>/sandbox/faults</c> shows it.</summary>
/// <param name="Id">The id to delete it by.</param>
/// <param name="Channel">The stand-in it applies to.</param>
/// <param name="UserId">Only requests for this user; null for all.</param>
/// <param name="To">Only requests to this recipient; null for all.</param>
/// <param name="ErrorRate">The share of matching requests answered with <paramref name="StatusCode"/>.</param>
/// <param name="StatusCode">The injected status.</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> sent with injected errors.</param>
/// <param name="LatencyMs">Delay before every matching answer.</param>
/// <param name="Outage">Every matching request answered 503.</param>
/// <param name="Seed">The seed of its random draws.</param>
/// <param name="CreatedAt">When it was injected.</param>
public sealed record FaultRule(
    string Id,
    Channel Channel,
    string? UserId,
    string? To,
    double ErrorRate,
    int StatusCode,
    int? RetryAfterSeconds,
    int LatencyMs,
    bool Outage,
    int Seed,
    DateTimeOffset CreatedAt)
{
    /// <summary>Whether the rule applies to <paramref name="call"/>.</summary>
    public bool Matches(ProviderCall call) =>
        Channel == call.Channel &&
        (UserId is null || UserId == call.UserId) &&
        (To is null || To == call.To);

    /// <summary>How narrowly the rule is scoped: where several match, the narrowest decides.</summary>
    [JsonIgnore]
    public int Specificity => (UserId is null ? 0 : 1) + (To is null ? 0 : 1);
}
