using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Notify.Nats;

/// <summary>Connection options, immutable; start from <see cref="Default"/> and change with <c>with</c>.</summary>
public sealed record NatsOpts
{
    /// <summary>The options the local stack runs with.</summary>
    public static readonly NatsOpts Default = new();

    /// <summary>One or more server URLs, comma separated: <c>nats://user:pass@host:4222</c>, <c>nats://token@host</c> or <c>host:port</c>.</summary>
    public string Url { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>The client name the server shows in its connection list.</summary>
    public string Name { get; init; } = "notify";

    /// <summary>Credentials; those in the URL win when both are given.</summary>
    public NatsAuthOpts AuthOpts { get; init; } = NatsAuthOpts.Default;

    /// <summary>Whether the server echoes this connection's own publishes back to its subscriptions.</summary>
    public bool Echo { get; init; } = true;

    /// <summary>How long one TCP connect and handshake may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Default time a request waits for its reply.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the client pings the server to find a dead link.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Unanswered pings after which the link counts as dead and the client reconnects.</summary>
    public int MaxPingOut { get; init; } = 2;

    /// <summary>First reconnect delay after the immediate retry; doubles up to <see cref="ReconnectWaitMax"/>.</summary>
    public TimeSpan ReconnectWaitMin { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Upper bound of the reconnect delay.</summary>
    public TimeSpan ReconnectWaitMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Fraction of the delay added or taken at random so that many clients do not reconnect in step.</summary>
    public double ReconnectJitter { get; init; } = 0.2;

    /// <summary>Reconnect attempts before the connection gives up and closes; negative means forever.</summary>
    public int MaxReconnectRetry { get; init; } = -1;

    /// <summary>Whether the first <see cref="NatsConnection.ConnectAsync"/> keeps retrying instead of failing at once.</summary>
    public bool RetryOnInitialConnect { get; init; }

    /// <summary>Bytes the client buffers for the socket (including while reconnecting) before publishers wait.</summary>
    public int WriterBufferSize { get; init; } = 1 << 20;

    /// <summary>Messages a subscription holds for a slow reader before it drops new ones.</summary>
    public int SubPendingChannelCapacity { get; init; } = 65_536;

    /// <summary>Where the connection logs state changes and server errors.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Prefix of reply subjects.</summary>
    public string InboxPrefix { get; init; } = "_INBOX";
}

/// <summary>Credentials for the CONNECT handshake.</summary>
public sealed record NatsAuthOpts
{
    /// <summary>No credentials.</summary>
    public static readonly NatsAuthOpts Default = new();

    /// <summary>User name.</summary>
    public string? Username { get; init; }

    /// <summary>Password.</summary>
    public string? Password { get; init; }

    /// <summary>Authentication token.</summary>
    public string? Token { get; init; }
}
