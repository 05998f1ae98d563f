using System.Text.Json;
using System.Text.Json.Serialization;
using Notify.Core.Status;

namespace Notify.Dispatcher.Receipts;

/// <summary>
/// The JSON body of one delivery receipt: one status change of one notification (<c>type</c> is always
/// <c>notification.status</c>; <c>status</c> one of accepted, scheduled, sent, retrying, failed, dead_lettered, skipped,
/// cancelled, merged, replayed; <c>channel</c> absent for a change of the whole notification).
/// </summary>
public sealed record StatusReceipt(string Type, Guid NotificationId, string Tenant, string Status, string? Channel, int Attempt, string? Provider,
    string? ProviderMessageId, string? Error, string? Reason, DateTimeOffset At, DateTimeOffset? RetryAt, IReadOnlyList<Guid>? MergedIds)
{
    /// <summary>The receipt of <paramref name="e"/>.</summary>
    public static StatusReceipt From(StatusEvent e) => new("notification.status", e.NotificationId, e.Tenant, e.Kind.ToWire(),
        e.Channel is { } channel ? Core.Notifications.Channels.ToWire(channel) : null, e.Attempt, e.Provider, e.ProviderMessageId, e.Error, e.Reason,
        e.At, e.RetryAt, e.MergedIds);

    /// <summary>
    /// The <c>webhook-id</c> of <paramref name="e"/>: the same on every attempt, distinct per change, so a receiver can drop
    /// a resent duplicate.
    /// </summary>
    public static string IdOf(StatusEvent e) =>
        $"rcpt_{e.NotificationId:N}_{e.Kind.ToWire()}_{(e.Channel is { } c ? Core.Notifications.Channels.ToWire(c) : "all")}_{e.Attempt}_{e.At.ToUnixTimeMilliseconds()}";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusReceipt))]
internal sealed partial class ReceiptJson : JsonSerializerContext;
