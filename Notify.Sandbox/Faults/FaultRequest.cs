using Notify.Sandbox.Records;

namespace Notify.Sandbox.Faults;

/// <summary>The body of <c>POST /sandbox/faults</c>.</summary>
/// <param name="Channel"><c>sms</c>, <c>push</c> or <c>webhook</c>.</param>
/// <param name="UserId">Only requests for this user (<c>X-Notify-User-Id</c>, or a webhook body's <c>userId</c>); null for all.</param>
/// <param name="To">Only requests to this phone number, device token or webhook endpoint; null for all.</param>
/// <param name="ErrorRate">The share of matching requests answered with <paramref name="StatusCode"/>, 0 to 1; 1 when a status is given without a rate.</param>
/// <param name="StatusCode">The injected status (400–599), answered in the provider's own error shape; 503 when only a rate is given.</param>
/// <param name="RetryAfterSeconds">Sent as <c>Retry-After</c> with injected errors and outages.</param>
/// <param name="LatencyMs">Delay before every matching answer, injected error or not.</param>
/// <param name="Outage">Answer 503 to every matching request.</param>
/// <param name="Seed">Seed of the fault's own random draws; the same seed gives the same sequence of answers. Defaults to the fault's number.</param>
public sealed record FaultRequest(
    string? Channel,
    string? UserId = null,
    string? To = null,
    double? ErrorRate = null,
    int? StatusCode = null,
    int? RetryAfterSeconds = null,
    int? LatencyMs = null,
    bool? Outage = null,
    int? Seed = null)
{
    private const int MaxLatencyMs = 600_000;
    private const int MaxRetryAfterSeconds = 86_400;

    /// <summary>What is wrong with the request, by property; empty when it is valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!SandboxChannels.TryParse(Channel, out _))
        {
            errors["channel"] = [$"The channel must be {SandboxChannels.Expected}."];
        }

        if (ErrorRate is { } rate && !(rate is >= 0 and <= 1))
        {
            errors["errorRate"] = ["The error rate must be between 0 and 1."];
        }

        if (StatusCode is { } status && status is < 400 or > 599)
        {
            errors["statusCode"] = ["The status code must be an error status, 400 to 599."];
        }

        if (RetryAfterSeconds is { } retryAfter && retryAfter is < 0 or > MaxRetryAfterSeconds)
        {
            errors["retryAfterSeconds"] = [$"Retry-After must be 0 to {MaxRetryAfterSeconds} seconds."];
        }

        if (LatencyMs is { } latency && latency is < 0 or > MaxLatencyMs)
        {
            errors["latencyMs"] = [$"The latency must be 0 to {MaxLatencyMs} ms."];
        }

        if (Outage is not true && StatusCode is null && ErrorRate is not > 0 && LatencyMs is not > 0)
        {
            errors["fault"] = ["A fault needs an outage, a status code or error rate, or a latency."];
        }

        return errors;
    }

    /// <summary>The rule this (valid) request describes, numbered <paramref name="number"/>.</summary>
    public FaultRule ToRule(long number, DateTimeOffset createdAt)
    {
        SandboxChannels.TryParse(Channel, out Core.Notifications.Channel channel);
        return new FaultRule(
            $"fault-{number}",
            channel,
            UserId,
            To,
            ErrorRate ?? (StatusCode is null ? 0 : 1),
            StatusCode ?? StatusCodes.Status503ServiceUnavailable,
            RetryAfterSeconds,
            LatencyMs ?? 0,
            Outage ?? false,
            Seed ?? unchecked((int)number),
            createdAt);
    }
}
