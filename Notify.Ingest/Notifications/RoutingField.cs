namespace Notify.Ingest.Notifications;

/// <summary>The <c>routing</c> field of a notification request, as the API reference describes it.</summary>
public static class RoutingField
{
    /// <summary>The field's description in the OpenAPI document.</summary>
    public const string Description =
        "How to use the channels: \"fallback\" (one at a time, the next only when the one before fails for good) or \"all\" "
        + "(every channel at once, each with its own retries; the notification is sent once every channel settled and at least one was sent). "
        + "Left out: the user's preference for the type or its category, else the type's default, else \"fallback\". "
        + "Example: {\"userId\": \"u1\", \"type\": \"order.out_for_delivery\", \"channels\": [\"push\", \"sms\"], \"routing\": \"all\"}.";
}
