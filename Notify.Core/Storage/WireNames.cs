using Notify.Core.Notifications;
using Notify.Core.Status;

namespace Notify.Core.Storage;

/// <summary>Enum values read back from their wire names in text columns; CHECK constraints keep unknown names out.</summary>
internal static class WireNames
{
    public static Channel Channel(string value) =>
        Channels.TryParse(value, out Channel channel) ? channel : throw Unknown("channel", value);

    public static Priority Priority(string value) =>
        Priorities.TryParse(value, out Priority priority) ? priority : throw Unknown("priority", value);

    public static StatusKind Kind(string value) =>
        StatusKinds.TryParse(value, out StatusKind kind) ? kind : throw Unknown("status kind", value);

    public static NotificationStatus Status(string value) =>
        NotificationStatuses.TryParse(value, out NotificationStatus status) ? status : throw Unknown("notification status", value);

    private static InvalidDataException Unknown(string what, string value) => new($"The database holds an unknown {what} '{value}'.");
}
