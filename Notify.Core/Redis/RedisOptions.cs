using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Redis.Internal;

namespace Notify.Core.Redis;

/// <summary>
/// Connection options, immutable; start from <see cref="Default"/> or <see cref="Parse"/> and change with <c>with</c>.
/// </summary>
public sealed record RedisOptions
{
    /// <summary>The options the local stack runs with: <c>localhost:6379</c>, no credentials.</summary>
    public static readonly RedisOptions Default = new();

    /// <summary>Servers tried in order on every (re)connect; the first that completes the handshake is used.</summary>
    public IReadOnlyList<DnsEndPoint> EndPoints { get; init; } = [new DnsEndPoint("localhost", 6379)];

    /// <summary>ACL user name sent with <c>AUTH</c>; null for the <c>default</c> user.</summary>
    public string? User { get; init; }

    /// <summary>Password sent with <c>AUTH</c> on every (re)connect; null for none.</summary>
    public string? Password { get; init; }

    /// <summary>Database selected with <c>SELECT</c> on every (re)connect.</summary>
    public int DefaultDatabase { get; init; }

    /// <summary>Name shown by <c>CLIENT LIST</c>; null to leave it unset.</summary>
    public string? ClientName { get; init; }

    /// <summary>How long one TCP connect plus handshake may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a command may take, from the call to its reply, including any wait for a connection.
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether <see cref="RedisConnection.ConnectAsync"/> throws when the first attempt fails. When false it returns
    /// and the connection keeps trying in the background (commands wait for it up to <see cref="CommandTimeout"/>).
    /// </summary>
    public bool AbortOnConnectFail { get; init; } = true;

    /// <summary>First reconnect delay after the immediate retry; doubles up to <see cref="ReconnectWaitMax"/>.</summary>
    public TimeSpan ReconnectWaitMin { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Upper bound of the reconnect delay.</summary>
    public TimeSpan ReconnectWaitMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages a subscription holds for a slow reader before it drops new ones.</summary>
    public int SubscriptionCapacity { get; init; } = 65_536;

    /// <summary>Whether command spans are off even when a listener is attached to <see cref="RedisTelemetry.SourceName"/>.</summary>
    public bool DisableTracing { get; init; }

    /// <summary>Where the connection logs state changes.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Reads a connection string in the StackExchange.Redis format that Aspire passes:
    /// <c>host:port[,host2:port2][,password=…][,user=…][,ssl=true][,defaultDatabase=N][,connectTimeout=ms][,syncTimeout=ms][,abortConnect=false]</c>.
    /// Options not given keep the values of <see cref="Default"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The string is malformed or names an unknown option.</exception>
    /// <exception cref="NotSupportedException">It asks for TLS (<c>ssl=true</c>), which this client does not speak.</exception>
    public static RedisOptions Parse(string connectionString) => ConnectionStringParser.Parse(connectionString, Default);

    /// <summary>The options as a connection string, with the password masked.</summary>
    public override string ToString() => ConnectionStringParser.Format(this);
}
