using Notify.Sandbox.Push;
using Notify.Sandbox.Sms;

namespace Notify.Sandbox;

/// <summary>The sandbox's settings (section <c>Sandbox</c>); every default runs the local stack as it is.</summary>
public sealed record SandboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sandbox";

    /// <summary><c>whsec_</c> plus the base64 of <c>notify-sandbox-webhook-secret</c>.</summary>
    public const string SandboxWebhookSecret = "whsec_bm90aWZ5LXNhbmRib3gtd2ViaG9vay1zZWNyZXQ=";

    /// <summary>How many accepted messages are kept (the oldest go first), and how many per-user outcomes.</summary>
    public int Capacity { get; init; } = 200_000;

    /// <summary>The Twilio account the SMS stand-in accepts.</summary>
    public TwilioOptions Twilio { get; init; } = new();

    /// <summary>What the FCM stand-in accepts.</summary>
    public FcmOptions Fcm { get; init; } = new();

    /// <summary>Standard Webhooks secrets (<c>whsec_…</c>) by endpoint name (<c>Sandbox:WebhookSecrets:{endpoint}</c>).</summary>
    public IReadOnlyDictionary<string, string> WebhookSecrets { get; init; } = new Dictionary<string, string>();

    /// <summary>The secret of endpoints without one of their own.</summary>
    public string DefaultWebhookSecret { get; init; } = SandboxWebhookSecret;

    /// <summary>How far a <c>webhook-timestamp</c> may be from now before its signature no longer counts (the spec's 5 minutes).</summary>
    public TimeSpan WebhookTimestampTolerance { get; init; } = TimeSpan.FromMinutes(5);
}
