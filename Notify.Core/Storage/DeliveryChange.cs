using Notify.Core.Notifications;
using Notify.Core.Status;

namespace Notify.Core.Storage;

/// <summary>
/// What a batch says about one delivery, folded from its events with the same rules the upsert uses against the
/// stored row (<see cref="StatusPrecedence"/>): one row per (notification, channel) reaches PostgreSQL.
/// </summary>
internal sealed class DeliveryChange(Guid notificationId, Channel channel, StatusEvent first, DateTimeOffset at)
{
    public Guid NotificationId { get; } = notificationId;
    public Channel Channel { get; } = channel;
    public StatusKind Status { get; private set; } = first.Kind;
    public DateTimeOffset StatusAt { get; private set; } = at;
    public string? Reason { get; private set; } = first.Reason;
    public DateTimeOffset? NextRetryAt { get; private set; } = RetryOf(first);
    public string? Provider { get; private set; } = first.Provider;
    public string? ProviderMessageId { get; private set; } = first.ProviderMessageId;
    public int Attempts { get; private set; } = Math.Max(first.Attempt, 0);
    public string? LastError { get; private set; } = first.Error;
    public DateTimeOffset? LastErrorAt { get; private set; } = first.Error is null ? null : at;
    public DateTimeOffset? FirstAttemptAt { get; private set; } = IsAttempt(first.Kind) ? at : null;
    public DateTimeOffset? LastAttemptAt { get; private set; } = IsAttempt(first.Kind) ? at : null;
    public DateTimeOffset? SentAt { get; private set; } = first.Kind == StatusKind.Sent ? at : null;
    public DateTimeOffset UpdatedAt { get; private set; } = at;

    /// <summary>Kinds that change a delivery's state; the others are about the whole notification.</summary>
    public static bool IsDeliveryKind(StatusKind kind) =>
        kind is StatusKind.Retrying or StatusKind.Sent or StatusKind.Failed or StatusKind.DeadLettered or StatusKind.Skipped;

    public void Apply(StatusEvent e, DateTimeOffset at)
    {
        if (StatusPrecedence.Supersedes(e.Kind, at, Status, StatusAt))
        {
            Provider = e.Provider ?? Provider;
            ProviderMessageId = e.ProviderMessageId ?? ProviderMessageId;
            Status = e.Kind;
            StatusAt = at;
            Reason = e.Reason;
            NextRetryAt = RetryOf(e);
        }
        else
        {
            Provider ??= e.Provider;
            ProviderMessageId ??= e.ProviderMessageId;
        }

        Attempts = Math.Max(Attempts, e.Attempt);
        if (e.Error is not null && (LastErrorAt is null || at > LastErrorAt || (at == LastErrorAt && string.CompareOrdinal(e.Error, LastError) > 0)))
        {
            LastError = e.Error;
            LastErrorAt = at;
        }

        if (IsAttempt(e.Kind))
        {
            FirstAttemptAt = Min(FirstAttemptAt, at);
            LastAttemptAt = Max(LastAttemptAt, at);
        }

        if (e.Kind == StatusKind.Sent)
            SentAt = Min(SentAt, at);
        UpdatedAt = at > UpdatedAt ? at : UpdatedAt;
    }

    /// <summary>Kinds that report a call to the provider.</summary>
    private static bool IsAttempt(StatusKind kind) => kind is StatusKind.Retrying or StatusKind.Failed or StatusKind.Sent;

    private static DateTimeOffset? RetryOf(StatusEvent e) => e.Kind == StatusKind.Retrying ? e.RetryAt?.ToUniversalTime() : null;

    private static DateTimeOffset Min(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value < b ? value : b;

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;
}
