namespace Notify.Sandbox.Webhooks;

/// <summary>The Standard Webhooks headers.</summary>
public static class WebhookHeaders
{
    /// <summary>The message id, the same on every retry: the receiver's idempotency key.</summary>
    public const string Id = "webhook-id";

    /// <summary>Unix seconds when the message was signed.</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary>Space-separated <c>v1,&lt;base64&gt;</c> signatures.</summary>
    public const string Signature = "webhook-signature";
}
