using Notify.Core.Notifications;

namespace Notify.Sandbox.Records;

/// <summary>The channels the sandbox stands in for: SMS, push and webhooks (email has its own SMTP server).</summary>
public static class SandboxChannels
{
    /// <summary>The channels with a stand-in.</summary>
    public static readonly IReadOnlyList<Channel> All = [Channel.Sms, Channel.Push, Channel.Webhook];

    /// <summary>How a problem names the accepted values.</summary>
    public const string Expected = "sms, push or webhook";

    /// <summary>Parses a wire name (<c>sms</c>, <c>push</c>, <c>webhook</c>) of a channel with a stand-in.</summary>
    public static bool TryParse(string? value, out Channel channel) =>
        Channels.TryParse(value, out channel) && All.Contains(channel);
}
