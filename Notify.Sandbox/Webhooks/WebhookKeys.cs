using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Notify.Sandbox.Webhooks;

/// <summary>The HMAC key of each webhook endpoint, decoded once from <see cref="SandboxOptions"/> (validated at start).</summary>
public sealed class WebhookKeys(IOptions<SandboxOptions> options)
{
    private readonly FrozenDictionary<string, byte[]> _byEndpoint = options.Value.WebhookSecrets
        .ToFrozenDictionary(pair => pair.Key, pair => Decode(pair.Value), StringComparer.OrdinalIgnoreCase);

    private readonly byte[] _default = Decode(options.Value.DefaultWebhookSecret);

    /// <summary>The key requests to <paramref name="endpoint"/> are signed with.</summary>
    public byte[] For(string endpoint) => _byEndpoint.GetValueOrDefault(endpoint, _default);

    private static byte[] Decode(string secret) =>
        WebhookSecret.TryParse(secret, out byte[] key) ? key : throw new OptionsValidationException(
            SandboxOptions.SectionName, typeof(SandboxOptions), ["A webhook secret is not a valid whsec_ secret."]);
}
