namespace Notify.Core.Redis;

/// <summary>What a connection event is about.</summary>
/// <param name="EndPoint">The server, as <c>host:port</c>.</param>
/// <param name="Kind">Which socket.</param>
/// <param name="Error">Why the socket dropped or the attempt failed; null on success.</param>
public sealed record RedisConnectionEventArgs(string EndPoint, RedisConnectionKind Kind, Exception? Error);
