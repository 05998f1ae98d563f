namespace Notify.Dispatcher.Channels;

/// <summary>Where the providers are and how to sign in (section <c>Notify:Providers</c>). Defaults point at the local sandbox.</summary>
public sealed record ProviderOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Providers";

    /// <summary>Local sandbox URL, the default of every HTTP provider.</summary>
    public const string SandboxUrl = "http://127.0.0.1:5090";

    /// <summary>Push through FCM HTTP v1.</summary>
    public FcmOptions Fcm { get; init; } = new();

    /// <summary>SMS through Twilio's Messages API.</summary>
    public TwilioOptions Twilio { get; init; } = new();

    /// <summary>Email over SMTP.</summary>
    public SmtpOptions Smtp { get; init; } = new();

    /// <summary>Signed webhooks.</summary>
    public WebhookOptions Webhook { get; init; } = new();
}

/// <summary>FCM HTTP v1.</summary>
public sealed record FcmOptions
{
    /// <summary>API root (production: https://fcm.googleapis.com).</summary>
    public string BaseUrl { get; init; } = ProviderOptions.SandboxUrl;
    /// <summary>Firebase project id.</summary>
    public string ProjectId { get; init; } = "notify-sandbox";
    /// <summary>OAuth 2 access token of the service account.</summary>
    public string AccessToken { get; init; } = "sandbox-access-token";
    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Twilio Messages API.</summary>
public sealed record TwilioOptions
{
    /// <summary>API root (production: https://api.twilio.com).</summary>
    public string BaseUrl { get; init; } = ProviderOptions.SandboxUrl;
    /// <summary>Account SID.</summary>
    public string AccountSid { get; init; } = "ACsandbox00000000000000000000000000";
    /// <summary>Auth token.</summary>
    public string AuthToken { get; init; } = "sandbox-token";
    /// <summary>Sender number.</summary>
    public string From { get; init; } = "+15005550006";
    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>SMTP relay; <c>ConnectionStrings:smtp</c> (<c>Endpoint=smtp://host:port</c>) overrides host and port.</summary>
public sealed record SmtpOptions
{
    /// <summary>Host.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>Port.</summary>
    public int Port { get; init; } = 2525;
    /// <summary>Sender address.</summary>
    public string From { get; init; } = "Notify <notify@localhost>";
    /// <summary>Per-message timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// Whether and when the connection is encrypted. The default, <see cref="SmtpSecureSocket.None"/>, suits the local
    /// plain relay; a relay across a network wants <see cref="SmtpSecureSocket.StartTls"/> or <see cref="SmtpSecureSocket.SslOnConnect"/>.
    /// </summary>
    public SmtpSecureSocket SecureSocket { get; init; } = SmtpSecureSocket.None;
    /// <summary>User name to authenticate with; no authentication when empty.</summary>
    public string? UserName { get; init; }
    /// <summary>Password of <see cref="UserName"/>.</summary>
    public string? Password { get; init; }
    /// <summary>Connections kept open to the relay and shared by all sends; at most this many messages go at once.</summary>
    public int PoolSize { get; init; } = 4;
}

/// <summary>How the SMTP connection is secured (MailKit's <c>SecureSocketOptions</c>).</summary>
public enum SmtpSecureSocket
{
    /// <summary>Plain text, even when the relay offers STARTTLS.</summary>
    None,
    /// <summary>STARTTLS, and fail when the relay does not offer it: mail never goes in clear.</summary>
    StartTls,
    /// <summary>STARTTLS when the relay offers it, else plain text.</summary>
    StartTlsWhenAvailable,
    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    SslOnConnect,
}

/// <summary>Webhooks, signed per Standard Webhooks.</summary>
public sealed record WebhookOptions
{
    /// <summary>Signing secret per tenant (<c>whsec_</c> + base64).</summary>
    public Dictionary<string, string> Secrets { get; init; } = [];
    /// <summary>Secret of tenants without their own.</summary>
    public string DefaultSecret { get; init; } = "whsec_bm90aWZ5LXNhbmRib3gtd2ViaG9vay1zZWNyZXQ=";
    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}
