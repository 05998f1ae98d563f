using Notify.Core.Notifications;
using Notify.Core.Status;

namespace Notify.Core.Storage;

/// <summary>
/// A batch of status events reduced to what the database needs: one change per notification, one per delivery, and
/// the timeline rows. Times are cut to PostgreSQL's microseconds first, so the reduction here and the merge with
/// stored rows compare the same instants.
/// </summary>
internal sealed class StatusBatch
{
    private readonly Dictionary<Guid, NotificationChange> _notifications = [];
    private readonly Dictionary<(Guid, Channel), DeliveryChange> _deliveries = [];
    private readonly List<TimelineRow> _timeline = [];

    private StatusBatch() { }

    /// <summary>Notifications touched, in id order (the order their rows are locked in).</summary>
    public IReadOnlyList<NotificationChange> Notifications { get; private set; } = [];

    /// <summary>Deliveries touched, in (notification, channel) order.</summary>
    public IReadOnlyList<DeliveryChange> Deliveries { get; private set; } = [];

    /// <summary>Timeline rows, in event time order.</summary>
    public IReadOnlyList<TimelineRow> Timeline => _timeline;

    public static StatusBatch From(IReadOnlyList<StatusEvent> events)
    {
        var batch = new StatusBatch();
        foreach (StatusEvent e in events)
            batch.Add(e);
        batch.Notifications = [.. batch._notifications.Values.OrderBy(n => n.Id)];
        batch.Deliveries = [.. batch._deliveries.Values.OrderBy(d => d.NotificationId).ThenBy(d => d.Channel)];
        batch._timeline.Sort((a, b) => a.At.CompareTo(b.At));
        return batch;
    }

    private void Add(StatusEvent e)
    {
        e = WithoutNul(e);
        DateTimeOffset at = ToMicroseconds(e.At);
        NotificationChange notification = Touch(e.NotificationId, e.Tenant, at, e.TraceId);
        _timeline.Add(new TimelineRow(e.NotificationId, e.Channel, e.Kind, e.Attempt, e.Error, e.Reason, e.ProviderMessageId, at));

        if (e.Kind == StatusKind.Accepted && e.Envelope is { } envelope)
            notification.SetEnvelope(envelope);
        if ((e.Routing ?? e.Envelope?.Routing) is { } routing)
            notification.NoteRouting(routing);
        if (e.Kind == StatusKind.Replayed)
            notification.NoteReplay(at);

        if (e.Kind == StatusKind.Merged && e.MergedIds is { Count: > 0 } mergedIds)
        {
            // The event names the survivor (its own row keeps the event's reason, e.g. what it merged); each folded
            // notification ends as merged into it.
            foreach (Guid folded in mergedIds)
            {
                string reason = $"merged into {e.NotificationId}";
                NotificationChange foldedChange = Touch(folded, e.Tenant, at, e.TraceId);
                foldedChange.ApplyLifecycle(StatusKind.Merged, at, reason);
                foldedChange.MergeInto(e.NotificationId);
                _timeline.Add(new TimelineRow(folded, null, StatusKind.Merged, e.Attempt, null, reason, null, at));
            }
        }
        else if (e.Channel is { } channel && DeliveryChange.IsDeliveryKind(e.Kind))
        {
            if (_deliveries.TryGetValue((e.NotificationId, channel), out DeliveryChange? delivery))
                delivery.Apply(e, at);
            else
                _deliveries.Add((e.NotificationId, channel), new DeliveryChange(e.NotificationId, channel, e, at));
        }
        else
        {
            notification.ApplyLifecycle(e.Kind, at, e.Reason);
        }
    }

    private NotificationChange Touch(Guid id, string tenant, DateTimeOffset at, string? traceId)
    {
        if (!_notifications.TryGetValue(id, out NotificationChange? change))
            _notifications.Add(id, change = new NotificationChange(id, tenant, at));
        change.Touch(at, traceId);
        return change;
    }

    /// <summary>
    /// PostgreSQL text cannot hold NUL, and provider error bodies sometimes do: one such event would fail its batch
    /// every time it is redelivered. The character carries no meaning, so it is dropped.
    /// </summary>
    private static StatusEvent WithoutNul(StatusEvent e)
    {
        if (!HasNul(e.Error) && !HasNul(e.Reason) && !HasNul(e.Provider) && !HasNul(e.ProviderMessageId) && !HasNul(e.TraceId))
            return e;
        return e with
        {
            Error = DropNul(e.Error),
            Reason = DropNul(e.Reason),
            Provider = DropNul(e.Provider),
            ProviderMessageId = DropNul(e.ProviderMessageId),
            TraceId = DropNul(e.TraceId),
        };
    }

    private static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    private static string? DropNul(string? value) => HasNul(value) ? value!.Replace("\0", "", StringComparison.Ordinal) : value;

    private static DateTimeOffset ToMicroseconds(DateTimeOffset at)
    {
        long ticks = at.UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }
}
