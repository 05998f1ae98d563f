using Notify.Core.Notifications;

namespace Notify.Core.Messaging;

/// <summary>
/// Every NATS subject and stream name Notify uses, in one place. A notification's subject carries its priority,
/// tenant and id (<c>notify.critical.acme.&lt;id&gt;</c>): the priority picks the stream, and the id lets a status
/// lookup find a notification that is still queued with one direct read by subject.
/// </summary>
public static class Subjects
{
    /// <summary>Stream of one priority: <c>NOTIFY_CRITICAL</c>…</summary>
    public static string Stream(Priority priority) => $"NOTIFY_{priority.ToWire().ToUpperInvariant()}";

    /// <summary>Everything a priority's stream captures: <c>notify.critical.&gt;</c>.</summary>
    public static string StreamFilter(Priority priority) => $"notify.{priority.ToWire()}.>";

    /// <summary>Subject of one notification.</summary>
    public static string Notification(Priority priority, string tenant, Guid id) => $"notify.{priority.ToWire()}.{tenant}.{id:N}";

    /// <summary>Durable consumer name the dispatcher replicas share on every priority stream.</summary>
    public const string DispatchConsumer = "dispatch";

    /// <summary>Dead-letter stream.</summary>
    public const string DeadLetterStream = "NOTIFY_DLQ";

    /// <summary>Subject of a dead letter: <c>notify.dlq.critical.acme</c>.</summary>
    public static string DeadLetter(Priority priority, string tenant) => $"notify.dlq.{priority.ToWire()}.{tenant}";

    /// <summary>Everything the dead-letter stream captures.</summary>
    public const string DeadLetterFilter = "notify.dlq.>";

    /// <summary>Status event stream: changes on their way to PostgreSQL.</summary>
    public const string StatusStream = "NOTIFY_STATUS";

    /// <summary>Subject of a status event of <paramref name="tenant"/>.</summary>
    public static string Status(string tenant) => $"notify.status.{tenant}";

    /// <summary>Everything the status stream captures.</summary>
    public const string StatusFilter = "notify.status.>";

    /// <summary>Durable consumer of the status writers.</summary>
    public const string StatusConsumer = "status-writer";

    /// <summary>Stream of status changes on their way to tenants' status webhooks (only tenants that registered one).</summary>
    public const string ReceiptStream = "NOTIFY_RECEIPTS";

    /// <summary>Subject of the status changes of <paramref name="tenant"/> for its status webhook.</summary>
    public static string Receipt(string tenant) => $"notify.receipts.{tenant}";

    /// <summary>Everything the receipt stream captures.</summary>
    public const string ReceiptFilter = "notify.receipts.>";

    /// <summary>Durable consumer of the receipt senders.</summary>
    public const string ReceiptConsumer = "status-webhooks";

    /// <summary>Core subject on which a new in-app message is announced to live connections.</summary>
    public static string InAppLive(string tenant, string userId) => $"notify.inapp.{tenant}.{Token(userId)}";

    /// <summary>
    /// Core subject on which a change to a user's contacts or preferences is announced (payload: the user id), so every
    /// replica's user directory drops its cached copy: <c>notify.cache.users.acme</c>.
    /// </summary>
    public static string UserCacheInvalidation(string tenant) => $"notify.cache.users.{Token(tenant)}";

    /// <summary>Every user cache invalidation, of every tenant.</summary>
    public const string UserCacheInvalidationFilter = "notify.cache.users.*";

    /// <summary>Core subject on which a dispatcher replica reports its circuit breakers: <c>notify.ops.circuits.dispatcher-0</c>.</summary>
    public static string CircuitReport(string replica) => $"notify.ops.circuits.{Token(replica)}";

    /// <summary>Every replica's circuit reports.</summary>
    public const string CircuitReportFilter = "notify.ops.circuits.*";

    /// <summary>
    /// Core subject on which a status writer announces that it recorded statuses of <paramref name="tenant"/> in PostgreSQL
    /// (no payload), so live ops consoles recount at once: <c>notify.ops.statuses.acme</c>.
    /// </summary>
    public static string StatusesRecorded(string tenant) => $"notify.ops.statuses.{Token(tenant)}";

    /// <summary>
    /// Core subject on which a change to a tenant's template is announced (payload: the notification type), so every
    /// replica drops its compiled copy and Ingest its required variables: <c>notify.cache.templates.acme</c>.
    /// </summary>
    public static string TemplateCacheInvalidation(string tenant) => $"notify.cache.templates.{Token(tenant)}";

    /// <summary>Every template cache invalidation, of every tenant.</summary>
    public const string TemplateCacheInvalidationFilter = "notify.cache.templates.*";

    /// <summary>KV bucket of run-time configuration (priority policy, …).</summary>
    public const string ConfigBucket = "notify-config";

    /// <summary>KV bucket of API keys (hashed), so accepting work needs NATS alone.</summary>
    public const string ApiKeyBucket = "notify-api-keys";

    /// <summary>A value made safe as one subject token (user ids may hold dots or spaces).</summary>
    public static string Token(string value)
    {
        if (value.AsSpan().IndexOfAny(". *>\t\r\n") < 0)
            return value;
        return Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(value));
    }
}
