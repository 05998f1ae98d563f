using System.Text.Json;
using Notify.Core.Notifications;

namespace Notify.Core.Messaging;

/// <summary>Reads notifications off the work streams, where anything may have been published.</summary>
public static class Envelopes
{
    /// <summary>The notification in <paramref name="data"/>, or false with the reason when it is not one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out NotificationEnvelope envelope, out string? error)
    {
        envelope = null!;
        if (data.IsEmpty)
        {
            error = "empty message";
            return false;
        }
        try
        {
            envelope = JsonSerializer.Deserialize(data, NotifyJson.Default.NotificationEnvelope)!;
            error = envelope is null ? "empty message" : null;
            return envelope is not null;
        }
        catch (JsonException ex)
        {
            error = $"not a notification: {ex.Message}";
            return false;
        }
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
}
