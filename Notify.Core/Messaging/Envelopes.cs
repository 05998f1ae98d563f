using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using NATS.Client.JetStream;
using Notify.Core.Notifications;

namespace Notify.Core.Messaging;

/// <summary>Reads notifications off the work streams, where anything may have been published.</summary>
public static class Envelopes
{
    private const string Empty = "empty message";

    /// <summary>The notification in <paramref name="data"/>, or false with the reason when it is not one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out NotificationEnvelope envelope, out string? error)
    {
        envelope = null!;
        if (data.IsEmpty)
        {
            error = Empty;
            return false;
        }
        try
        {
            envelope = JsonSerializer.Deserialize(data, NotifyJson.Default.NotificationEnvelope)!;
            error = envelope is null ? Empty : null;
            return envelope is not null;
        }
        catch (JsonException ex)
        {
            error = NotANotification(ex);
            return false;
        }
    }

    /// <summary>
    /// The notification a delivery consumed with <c>NotifySerializer&lt;NotificationEnvelope&gt;</c> carries, or false with
    /// the same reasons as <see cref="TryRead(ReadOnlySpan{byte}, out NotificationEnvelope, out string?)"/>: NATS.Net reports
    /// a body that does not deserialize as <see cref="INatsJSMsg{T}.Error"/> and an empty one as null data.
    /// </summary>
    public static bool TryRead(INatsJSMsg<NotificationEnvelope> msg, [NotNullWhen(true)] out NotificationEnvelope? envelope, out string? error)
    {
        envelope = msg.Data;
        error = msg.Error is { } failure ? NotANotification(failure.InnerException ?? failure)
            : envelope is null ? Empty
            : null;
        return error is null;
    }

    /// <summary>
    /// The tenant named by a notification subject (<c>notify.&lt;priority&gt;.&lt;tenant&gt;.&lt;id&gt;</c>), for messages whose
    /// body cannot be read; <c>unknown</c> when the subject has another shape.
    /// </summary>
    public static string TenantOf(string subject)
    {
        var parts = subject.Split('.');
        return parts.Length >= 4 ? parts[2] : "unknown";
    }

    private static string NotANotification(Exception ex) => $"not a notification: {ex.Message}";
}
