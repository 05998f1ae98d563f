using Microsoft.Extensions.Logging;

namespace Notify.Nats.Internal;

internal static partial class NatsLog
{
    [LoggerMessage(1, LogLevel.Information, "Connected to {Server} (nats-server {Version})")]
    public static partial void Connected(ILogger logger, string server, string version);

    [LoggerMessage(2, LogLevel.Warning, "Disconnected from {Server}: {Reason}; reconnecting")]
    public static partial void Disconnected(ILogger logger, string server, string? reason);

    [LoggerMessage(3, LogLevel.Debug, "Could not connect to {Server}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string server, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Server {Server} reported an error: {Error}")]
    public static partial void ServerError(ILogger logger, string server, string error);

    [LoggerMessage(5, LogLevel.Information, "Server {Server} entered lame duck mode and will shut down")]
    public static partial void LameDuck(ILogger logger, string server);
}
