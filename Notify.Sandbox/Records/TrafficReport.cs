using Notify.Core.Notifications;

namespace Notify.Sandbox.Records;

/// <summary>The answer of <c>GET /sandbox/stats</c>: counts over every channel and by channel.</summary>
/// <param name="UserId">The user the counts are limited to, or null for all traffic.</param>
/// <param name="Total">Every channel together.</param>
/// <param name="Channels">By channel (<c>sms</c>, <c>push</c>, <c>webhook</c>).</param>
public sealed record TrafficReport(string? UserId, TrafficCounts Total, IReadOnlyDictionary<Channel, TrafficCounts> Channels);
