using Notify.Core.Notifications;

namespace Notify.Sandbox.Records;

/// <summary>Which recorded messages to list; a null criterion matches everything.</summary>
public sealed record MessageFilter(string? UserId = null, Channel? Channel = null, string? To = null, int? Limit = null)
{
    /// <summary>Whether <paramref name="message"/> meets every criterion.</summary>
    public bool Matches(SandboxMessage message) =>
        (UserId is null || message.UserId == UserId) &&
        (Channel is null || message.Channel == Channel) &&
        (To is null || message.To == To);
}
