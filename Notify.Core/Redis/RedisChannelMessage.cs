using System.Text;

namespace Notify.Core.Redis;

/// <summary>A message published to a channel this client subscribes to.</summary>
/// <param name="Channel">The channel it was published to.</param>
/// <param name="Payload">The message bytes.</param>
public readonly record struct RedisChannelMessage(string Channel, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The payload decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);
}
