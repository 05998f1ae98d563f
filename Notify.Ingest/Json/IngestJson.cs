using System.Text.Json;
using System.Text.Json.Serialization;
using Notify.Core.Templates;
using Notify.Ingest.DeadLetters;
using Notify.Ingest.Inbox;
using Notify.Ingest.Notifications;
using Notify.Ingest.Operations;
using Notify.Ingest.Orders;
using Notify.Ingest.Templates;
using Notify.Ingest.Users;
using Notify.Ingest.Webhooks;

namespace Notify.Ingest.Json;

/// <summary>
/// Source-generated JSON of Ingest's requests and answers: camelCase, no nulls written, and strict on input (a field
/// the request type does not declare is an error naming it, not silently dropped).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SendNotificationRequest))]
[JsonSerializable(typeof(NotificationAccepted))]
[JsonSerializable(typeof(SendBatchRequest))]
[JsonSerializable(typeof(BatchNotificationItem))]
[JsonSerializable(typeof(BatchAccepted))]
[JsonSerializable(typeof(OrderEventRequest))]
[JsonSerializable(typeof(NotificationStatusResponse))]
[JsonSerializable(typeof(NotificationCancelled))]
[JsonSerializable(typeof(ContactsDocument))]
[JsonSerializable(typeof(PreferencesDocument))]
[JsonSerializable(typeof(TypeChannelsDocument))]
[JsonSerializable(typeof(StatusWebhookRequest))]
[JsonSerializable(typeof(StatusWebhookDocument))]
[JsonSerializable(typeof(InboxPage))]
[JsonSerializable(typeof(DeadLetterPage))]
[JsonSerializable(typeof(DeadLetterReplayed))]
[JsonSerializable(typeof(PriorityPolicyDocument))]
[JsonSerializable(typeof(OpsSummary))]
[JsonSerializable(typeof(TemplateDocument))]
[JsonSerializable(typeof(TemplateResponse))]
public sealed partial class IngestJson : JsonSerializerContext;
