namespace Notify.Core.Storage;

/// <summary>Rows the retention job deleted, per table.</summary>
public sealed record DeletedHistory
{
    /// <summary>Nothing deleted.</summary>
    public static DeletedHistory None { get; } = new();

    /// <summary>Rows of <c>notifications</c>.</summary>
    public long Notifications { get; init; }

    /// <summary>Rows of <c>deliveries</c>, deleted with their notification.</summary>
    public long Deliveries { get; init; }

    /// <summary>Rows of <c>delivery_events</c>, deleted with their notification.</summary>
    public long DeliveryEvents { get; init; }

    /// <summary>Rows of <c>inbox_messages</c>.</summary>
    public long InboxMessages { get; init; }

    /// <summary>Rows of <c>dead_letters</c>.</summary>
    public long DeadLetters { get; init; }

    /// <summary>Ended rows of <c>deferred_notifications</c>.</summary>
    public long DeferredNotifications { get; init; }

    /// <summary>Rows of every table.</summary>
    public long Total => Notifications + Deliveries + DeliveryEvents + InboxMessages + DeadLetters + DeferredNotifications;

    /// <summary>Each table's name and its count, zeros included.</summary>
    public IEnumerable<(string Table, long Rows)> ByTable() =>
    [
        ("notifications", Notifications),
        ("deliveries", Deliveries),
        ("delivery_events", DeliveryEvents),
        ("inbox_messages", InboxMessages),
        ("dead_letters", DeadLetters),
        ("deferred_notifications", DeferredNotifications),
    ];

    /// <summary>The sum of two counts.</summary>
    public static DeletedHistory operator +(DeletedHistory left, DeletedHistory right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new DeletedHistory
        {
            Notifications = left.Notifications + right.Notifications,
            Deliveries = left.Deliveries + right.Deliveries,
            DeliveryEvents = left.DeliveryEvents + right.DeliveryEvents,
            InboxMessages = left.InboxMessages + right.InboxMessages,
            DeadLetters = left.DeadLetters + right.DeadLetters,
            DeferredNotifications = left.DeferredNotifications + right.DeferredNotifications,
        };
    }
}
