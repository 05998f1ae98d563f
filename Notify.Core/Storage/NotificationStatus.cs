namespace Notify.Core.Storage;

/// <summary>Where a notification stands overall, derived from its own events and its deliveries.</summary>
public enum NotificationStatus
{
    /// <summary>Accepted; no delivery has started yet.</summary>
    Accepted,
    /// <summary>Waiting for its send time.</summary>
    Scheduled,
    /// <summary>At least one delivery is under way and none has succeeded yet.</summary>
    Processing,
    /// <summary>At least one channel delivered it.</summary>
    Sent,
    /// <summary>Every channel tried failed for good, or it was dead-lettered.</summary>
    Dead,
    /// <summary>Not sent on purpose (no contact, opted out, capped…); the reason says why.</summary>
    Skipped,
    /// <summary>Cancelled by the client before it was sent.</summary>
    Cancelled,
    /// <summary>Folded into another notification by batching.</summary>
    Merged,
}

/// <summary>Wire names of <see cref="NotificationStatus"/> (<c>accepted</c>, <c>scheduled</c>, <c>processing</c>, <c>sent</c>, …).</summary>
public static class NotificationStatuses
{
    private static readonly string[] Names = ["accepted", "scheduled", "processing", "sent", "dead", "skipped", "cancelled", "merged"];

    /// <summary>The wire name.</summary>
    public static string ToWire(this NotificationStatus status) => Names[(int)status];

    /// <summary>Parses a wire name, case-insensitively.</summary>
    public static bool TryParse(string? value, out NotificationStatus status)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], value, StringComparison.OrdinalIgnoreCase))
            {
                status = (NotificationStatus)i;
                return true;
            }
        }
        status = NotificationStatus.Accepted;
        return false;
    }
}
