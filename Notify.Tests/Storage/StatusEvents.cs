using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Core.Status;

namespace Notify.Tests.Storage;

/// <summary>Status events as the dispatcher emits them, for one notification, at times relative to a fixed start.</summary>
internal sealed class StatusEvents(string tenant, string userId = "user-1")
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public Guid Id { get; } = Guid.CreateVersion7();

    public string Tenant => tenant;

    public NotificationEnvelope Envelope => new(
        Id, tenant, userId, "order.out_for_delivery", Priority.Critical, [Channel.Push, Channel.Sms],
        JsonDocument.Parse("""{"eta":"12:30"}""").RootElement, Start)
    {
        OrderId = "order-42",
        IdempotencyKey = "checkout-7",
    };

    public static DateTimeOffset At(int seconds) => Start.AddSeconds(seconds);

    public StatusEvent Accepted(int seconds = 0) =>
        new(Id, tenant, StatusKind.Accepted, At(seconds)) { Envelope = Envelope, TraceId = "4bf92f3577b34da6a3ce929d0e0e4736" };

    public StatusEvent Retrying(Channel channel, int attempt, int seconds, string error = "provider returned 503") =>
        new(Id, tenant, StatusKind.Retrying, At(seconds))
        {
            Channel = channel, Attempt = attempt, Provider = ProviderOf(channel), Error = error, RetryAt = At(seconds + 2 * attempt),
        };

    public StatusEvent Sent(Channel channel, int attempt, int seconds) =>
        new(Id, tenant, StatusKind.Sent, At(seconds))
        {
            Channel = channel, Attempt = attempt, Provider = ProviderOf(channel), ProviderMessageId = $"{ProviderOf(channel)}-{attempt}",
        };

    public StatusEvent Failed(Channel channel, int attempt, int seconds, string reason) =>
        new(Id, tenant, StatusKind.Failed, At(seconds))
        {
            Channel = channel, Attempt = attempt, Provider = ProviderOf(channel), Error = "permanent error", Reason = reason,
        };

    public StatusEvent DeadLettered(Channel channel, int attempt, int seconds, string reason = "max deliveries reached") =>
        new(Id, tenant, StatusKind.DeadLettered, At(seconds)) { Channel = channel, Attempt = attempt, Reason = reason };

    public StatusEvent Skipped(Channel channel, int seconds, string reason) =>
        new(Id, tenant, StatusKind.Skipped, At(seconds)) { Channel = channel, Reason = reason };

    public StatusEvent Of(StatusKind kind, int seconds, string? reason = null) => new(Id, tenant, kind, At(seconds)) { Reason = reason };

    private static string ProviderOf(Channel channel) => channel switch
    {
        Channel.Push => "fcm",
        Channel.Sms => "twilio",
        Channel.Email => "smtp",
        _ => channel.ToWire(),
    };
}
