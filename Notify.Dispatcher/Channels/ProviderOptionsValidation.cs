using Microsoft.Extensions.Options;
using Notify.Core.Configuration;
using Notify.Dispatcher.Channels.Email;
using Notify.Dispatcher.Channels.Webhook;

namespace Notify.Dispatcher.Channels;

/// <summary>
/// Refuses to start with provider settings every send would fail on: an API root that is not a URL, a timeout that is
/// not positive, an SMTP relay it cannot reach or sign in to, a webhook secret that is not base64.
/// </summary>
internal sealed class ProviderOptionsValidation(IConfiguration configuration) : IValidateOptions<ProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, ProviderOptions options)
    {
        var failures = new OptionsFailures(ProviderOptions.Section)
            .HttpUrl("Fcm:BaseUrl", options.Fcm.BaseUrl)
            .Positive("Fcm:Timeout", options.Fcm.Timeout)
            .HttpUrl("Twilio:BaseUrl", options.Twilio.BaseUrl)
            .Positive("Twilio:Timeout", options.Twilio.Timeout)
            .Positive("Webhook:Timeout", options.Webhook.Timeout)
            .Require(WebhookSigner.IsSecret(options.Webhook.DefaultSecret), "Webhook:DefaultSecret", "must be whsec_ followed by base64");
        foreach (var (tenant, secret) in options.Webhook.Secrets)
            failures.Require(WebhookSigner.IsSecret(secret), $"Webhook:Secrets:{tenant}", "must be whsec_ followed by base64");

        var connectionString = configuration.GetConnectionString(SmtpConnectionString.Name);
        failures.RequireOutside(SmtpConnectionString.TryApply(connectionString, options.Smtp, out var smtp), SmtpConnectionString.Malformed)
            .Require(!string.IsNullOrWhiteSpace(smtp.Host), "Smtp:Host", "must be set")
            .Between("Smtp:Port", smtp.Port, 1, 65535)
            .Positive("Smtp:Timeout", smtp.Timeout)
            .Between("Smtp:PoolSize", smtp.PoolSize, 1, 64)
            .Require(string.IsNullOrEmpty(smtp.UserName) || !string.IsNullOrEmpty(smtp.Password), "Smtp:Password", "is required with a UserName")
            .Require(Enum.IsDefined(smtp.SecureSocket), "Smtp:SecureSocket", "must be None, StartTls, StartTlsWhenAvailable or SslOnConnect");
        return failures.Result;
    }
}
