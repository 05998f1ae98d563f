namespace Notify.Ingest.Notifications;

/// <summary>Bounds on what a client may send (<c>Notify:Limits</c>).</summary>
public sealed record NotificationLimits
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Limits";

    /// <summary>Largest body of a single notification, order event or user setting; larger is 413.</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Largest body of a batch.</summary>
    public int MaxBatchBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most items in one batch.</summary>
    public int MaxBatchItems { get; init; } = 1_000;

    /// <summary>Largest <c>data</c> object, as sent.</summary>
    public int MaxDataBytes { get; init; } = 64 * 1024;

    /// <summary>How far ahead <c>sendAt</c> may be.</summary>
    public TimeSpan MaxScheduleAhead { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long an Idempotency-Key is remembered in Redis (JetStream's duplicate window covers the first minutes).</summary>
    public TimeSpan IdempotencyRecordTtl { get; init; } = TimeSpan.FromHours(24);
}
