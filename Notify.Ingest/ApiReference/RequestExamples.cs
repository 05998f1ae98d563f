using System.Text.Json.Nodes;
using Notify.Core.Templates;
using Notify.Ingest.Notifications;
using Notify.Ingest.Operations;
using Notify.Ingest.Orders;
using Notify.Ingest.Users;
using Notify.Ingest.Webhooks;

namespace Notify.Ingest.ApiReference;

/// <summary>
/// An example body for every request type the API accepts, shown in the API reference and prefilled when a call is
/// tried from it. Each is a request the endpoint accepts as it stands (a test sends every one through Ingest's reader).
/// </summary>
public static class RequestExamples
{
    /// <summary>Request type → example body, as JSON.</summary>
    public static IReadOnlyDictionary<Type, string> All { get; } = new Dictionary<Type, string>
    {
        [typeof(SendNotificationRequest)] = """
            {"userId": "u1", "type": "order.out_for_delivery", "channels": ["push", "sms"], "routing": "all", "data": {"orderId": "o-42", "courier": {"name": "Sam"}}}
            """,
        [typeof(SendBatchRequest)] = """
            {"items": [
              {"userId": "u1", "type": "promo.weekend", "idempotencyKey": "weekend-u1", "data": {"title": "50% off", "body": "This weekend only"}},
              {"userId": "u2", "type": "promo.weekend", "idempotencyKey": "weekend-u2", "channels": ["email"], "collapseKey": "weekend"}
            ]}
            """,
        [typeof(OrderEventRequest)] = """
            {"orderId": "o-42", "userId": "u1", "status": "OUT_FOR_DELIVERY", "data": {"courier": {"name": "Sam"}}}
            """,
        [typeof(ContactsDocument)] = """
            {"phone": "+447700900123", "email": "ann@example.com", "pushTokens": ["device-token-u1"], "locale": "en-GB", "timeZone": "Europe/London"}
            """,
        [typeof(PreferencesDocument)] = """
            {"disabledChannels": ["webhook"], "types": [{"type": "promo.*", "onlyChannels": ["email"]}], "optOuts": ["marketing.*"],
             "fallback": {"critical": ["push", "sms"]}, "quietHours": {"start": "22:00", "end": "07:00"}}
            """,
        [typeof(StatusWebhookRequest)] = """
            {"url": "https://example.com/notify/status"}
            """,
        [typeof(PriorityPolicyDocument)] = """
            {"starvationGuard": 20, "paused": ["low"], "yielding": ["low"], "yieldingInFlight": 4, "yieldWindowMs": 1000}
            """,
        [typeof(TemplateDocument)] = """
            {"defaultLocale": "en", "locales": {
              "en": {"default": {"title": "On its way", "body": "Order {{orderId}} is out for delivery."},
                     "sms": {"body": "Order {{orderId}}: {{courier.name}} is on the way."},
                     "email": {"subject": "Order {{orderId}}", "html": "<p>{{courier.name}} is on the way.</p>", "text": "{{courier.name}} is on the way."}},
              "de": {"default": {"title": "Unterwegs", "body": "Bestellung {{orderId}} ist unterwegs."}}}}
            """,
    };

    /// <summary>The example body of <paramref name="requestType"/>, or null when it has none.</summary>
    public static JsonNode? For(Type requestType) => All.TryGetValue(requestType, out var json) ? JsonNode.Parse(json) : null;
}
