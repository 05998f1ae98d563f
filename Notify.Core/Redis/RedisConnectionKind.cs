namespace Notify.Core.Redis;

/// <summary>Which of a <see cref="RedisConnection"/>'s sockets an event is about.</summary>
public enum RedisConnectionKind
{
    /// <summary>The socket that carries commands.</summary>
    Interactive,
    /// <summary>The socket in pub/sub mode that carries subscriptions.</summary>
    Subscription,
}
