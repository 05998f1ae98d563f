using System.Globalization;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Core.Users;

namespace Notify.Dispatcher.Deferral;

/// <summary>Why and until when a notification waits, and the batch it waits with (null when on its own).</summary>
/// <param name="Reason">Why.</param>
/// <param name="Until">When it goes (for a batch it joins: the batch's time, which the schedule decides).</param>
/// <param name="CollapseGroup">Tenant, user and collapse key of the batch; null when it waits alone.</param>
/// <param name="Why">The reason in an operator's words.</param>
public sealed record Hold(DeferralReason Reason, DateTimeOffset Until, string? CollapseGroup, string Why);

/// <summary>
/// Decides whether a notification waits before it is sent, and records it in the <see cref="DeferredSchedule"/>:
/// a future <c>sendAt</c>; for non-critical notifications, the user's quiet hours (until their end, in the user's time
/// zone); and batching of non-critical updates sharing a collapse key (the request's <c>collapseKey</c>, else the order
/// id) for <see cref="DeferralOptions.BatchWindow"/> from the first one's acceptance. Updates for the same key during
/// quiet hours wait as one batch until the window ends. A copy the schedule released is never held again.
/// Critical notifications are never held for quiet hours or batching; a critical update supersedes the updates still
/// waiting for its key (they end merged into it: the newer state makes them obsolete).
/// </summary>
public sealed class Deferrals(DeferredSchedule schedule, ScheduleReleaser releaser, DeferralOptions options)
{
    /// <summary>The hold before anything about the user is known: a future <c>sendAt</c>.</summary>
    public static Hold? ForSendAt(NotificationEnvelope n, DateTimeOffset now) =>
        n.ReleasedAt is null && n.SendAt is { } at && at > now ? new Hold(DeferralReason.Scheduled, at, null, $"scheduled for {Format(at)}") : null;

    /// <summary>The hold the user's quiet hours or batching impose, if any.</summary>
    public Hold? ForUser(NotificationEnvelope n, UserProfile profile, DateTimeOffset now)
    {
        if (n.ReleasedAt is not null || n.Priority == Priority.Critical)
            return null;
        var quietEnd = profile.Preferences.QuietHours?.EndAfter(now, QuietHours.ZoneOf(profile.Contacts.TimeZone));
        var group = CollapseGroupOf(n);
        var batchEnd = n.AcceptedAt + options.BatchWindow;
        if (quietEnd is { } end)
            return new Hold(DeferralReason.QuietHours, end, options.BatchWindow > TimeSpan.Zero ? group : null, $"quiet hours until {Format(end)}");
        // Past its window (a backlog, or a redelivery after the schedule was unavailable) it goes as it is.
        return group is not null && options.BatchWindow > TimeSpan.Zero && now < batchEnd
            ? new Hold(DeferralReason.Batching, batchEnd, group, $"batching updates for '{CollapseKeyOf(n)}' until {Format(batchEnd)}")
            : null;
    }

    /// <summary>
    /// Records <paramref name="n"/> in the schedule and returns its status event, or null when an earlier delivery of
    /// the same message recorded it and it has left the schedule since. Throws <see cref="Npgsql.NpgsqlException"/>
    /// when PostgreSQL is unavailable.
    /// </summary>
    public async Task<StatusEvent?> RecordAsync(NotificationEnvelope n, Hold hold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entry = hold.CollapseGroup is { } group
            ? await schedule.BatchAsync(n, group, hold.Reason, hold.Until, now, options.MaxBatchSize, cancellationToken)
            : await schedule.DeferAsync(n, hold.Reason, hold.Until, now, cancellationToken);
        if (!entry.Pending)
            return null;
        releaser.Notify(entry.ReleaseAt);
        return new StatusEvent(n.Id, n.Tenant, StatusKind.Scheduled, now)
        {
            RetryAt = entry.ReleaseAt,
            Reason = entry.BatchedInto is { } head ? $"{hold.Why}; to be merged into {head}" : hold.Why,
        };
    }

    /// <summary>
    /// For a critical update with a collapse key: ends the updates waiting for that key as merged into it, and returns
    /// the event that says so (null when none waited).
    /// </summary>
    public async Task<StatusEvent?> SupersedeAsync(NotificationEnvelope n, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (n.Priority != Priority.Critical || n.ReleasedAt is not null || options.BatchWindow <= TimeSpan.Zero || CollapseGroupOf(n) is not { } group)
            return null;
        var superseded = await schedule.SupersedeAsync(group, n.Id, now, cancellationToken);
        return superseded.Count == 0 ? null : new StatusEvent(n.Id, n.Tenant, StatusKind.Merged, now)
        {
            MergedIds = superseded,
            Reason = $"superseded {superseded.Count} waiting update(s): {string.Join(", ", superseded)}",
        };
    }

    /// <summary>
    /// The event a released batch's survivor records: which notifications it carries. Stamped with the release time,
    /// so every delivery attempt repeats the same timeline row.
    /// </summary>
    public static StatusEvent? MergedEvent(NotificationEnvelope n, DateTimeOffset now) =>
        n.Merged is not { Count: > 0 } merged ? null : new StatusEvent(n.Id, n.Tenant, StatusKind.Merged, n.ReleasedAt ?? now)
        {
            MergedIds = [.. merged.Select(m => m.Id)],
            Reason = $"merged {merged.Count} update(s): {string.Join(", ", merged.Select(m => m.Id))}",
        };

    /// <summary>The key updates collapse on: the request's collapse key, else the order id.</summary>
    public static string? CollapseKeyOf(NotificationEnvelope n) => n.CollapseKey ?? n.OrderId;

    private static string? CollapseGroupOf(NotificationEnvelope n) =>
        CollapseKeyOf(n) is { } key ? $"{n.Tenant}\u001f{n.UserId}\u001f{key}" : null;

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
