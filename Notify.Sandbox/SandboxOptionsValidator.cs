using Microsoft.Extensions.Options;
using Notify.Sandbox.Webhooks;

namespace Notify.Sandbox;

/// <summary>Refuses to start with settings the stand-ins could not work with.</summary>
public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = new List<string>();
        if (options.Capacity < 1)
        {
            failures.Add("Sandbox:Capacity must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.Twilio.AccountSid) || string.IsNullOrWhiteSpace(options.Twilio.AuthToken))
        {
            failures.Add("Sandbox:Twilio:AccountSid and Sandbox:Twilio:AuthToken must be set.");
        }

        if (!WebhookSecret.TryParse(options.DefaultWebhookSecret, out _))
        {
            failures.Add("Sandbox:DefaultWebhookSecret must be whsec_ followed by base64.");
        }

        foreach ((string endpoint, string secret) in options.WebhookSecrets)
        {
            if (!WebhookSecret.TryParse(secret, out _))
            {
                failures.Add($"Sandbox:WebhookSecrets:{endpoint} must be whsec_ followed by base64.");
            }
        }

        if (options.WebhookTimestampTolerance <= TimeSpan.Zero)
        {
            failures.Add("Sandbox:WebhookTimestampTolerance must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
