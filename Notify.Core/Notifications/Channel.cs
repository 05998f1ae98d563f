namespace Notify.Core.Notifications;

/// <summary>A way to reach a user.</summary>
public enum Channel
{
    /// <summary>Mobile push (FCM HTTP v1).</summary>
    Push,
    /// <summary>SMS (Twilio Messages API).</summary>
    Sms,
    /// <summary>Email over SMTP.</summary>
    Email,
    /// <summary>The in-app inbox, live over server-sent events.</summary>
    InApp,
    /// <summary>A signed HTTP POST to the user's endpoint (Standard Webhooks).</summary>
    Webhook,
}

/// <summary>Wire names of <see cref="Channel"/> (<c>push</c>, <c>sms</c>, <c>email</c>, <c>inapp</c>, <c>webhook</c>).</summary>
public static class Channels
{
    /// <summary>Every channel.</summary>
    public static readonly IReadOnlyList<Channel> All = [Channel.Push, Channel.Sms, Channel.Email, Channel.InApp, Channel.Webhook];

    private static readonly string[] Names = ["push", "sms", "email", "inapp", "webhook"];

    /// <summary>The wire name.</summary>
    public static string ToWire(this Channel channel) => Names[(int)channel];

    /// <summary>Parses a wire name, case-insensitively.</summary>
    public static bool TryParse(string? value, out Channel channel)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], value, StringComparison.OrdinalIgnoreCase))
            {
                channel = (Channel)i;
                return true;
            }
        }
        channel = Channel.Push;
        return false;
    }
}
