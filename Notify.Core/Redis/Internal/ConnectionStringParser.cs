using System.Globalization;
using System.Net;
using System.Text;

namespace Notify.Core.Redis.Internal;

/// <summary>The StackExchange.Redis connection-string format: comma-separated endpoints and <c>key=value</c> options.</summary>
internal static class ConnectionStringParser
{
    private const int DefaultPort = 6379;

    // Options StackExchange.Redis knows that change nothing for a single plain-TCP connection like this one;
    // accepted so that a connection string written for it works unchanged here.
    private static readonly HashSet<string> Ignored = new(StringComparer.OrdinalIgnoreCase)
    {
        "allowAdmin", "connectRetry", "keepAlive", "resolveDns", "version", "tiebreaker", "configChannel",
        "configCheckSeconds", "responseTimeout", "checkCertificateRevocation", "sslHost", "sslProtocols",
        "highPrioritySocketThreads", "setlib", "protocol",
    };

    public static RedisOptions Parse(string connectionString, RedisOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var options = defaults;
        var endPoints = new List<DnsEndPoint>();
        TimeSpan? syncTimeout = null, asyncTimeout = null;
        foreach (var raw in connectionString.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0)
                continue;
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                endPoints.Add(ParseEndPoint(part));
                continue;
            }
            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            switch (key.ToLowerInvariant())
            {
                case "password":
                    options = options with { Password = value.Length == 0 ? null : value };
                    break;
                case "user":
                    options = options with { User = value.Length == 0 ? null : value };
                    break;
                case "ssl":
                    if (ParseBool(key, value))
                        throw new NotSupportedException(
                            "The connection string asks for TLS (ssl=true), which Notify's Redis client does not speak; " +
                            "reach Redis over a private network, or put a TLS-terminating proxy beside the service.");
                    break;
                case "defaultdatabase":
                    options = options with { DefaultDatabase = ParseInt(key, value, 0) };
                    break;
                case "connecttimeout":
                    options = options with { ConnectTimeout = ParseMilliseconds(key, value) };
                    break;
                case "synctimeout":
                    syncTimeout = ParseMilliseconds(key, value);
                    break;
                case "asynctimeout":
                    asyncTimeout = ParseMilliseconds(key, value);
                    break;
                case "abortconnect":
                    options = options with { AbortOnConnectFail = ParseBool(key, value) };
                    break;
                case "name":
                    options = options with { ClientName = value.Length == 0 ? null : value };
                    break;
                default:
                    if (!Ignored.Contains(key))
                        throw new ArgumentException($"The Redis connection string has the unknown option '{key}'.", nameof(connectionString));
                    break;
            }
        }
        if (endPoints.Count == 0)
            throw new ArgumentException("The Redis connection string names no endpoint (expected host:port).", nameof(connectionString));
        // StackExchange.Redis times async commands with asyncTimeout, which defaults to syncTimeout.
        var commandTimeout = asyncTimeout ?? syncTimeout ?? options.CommandTimeout;
        return options with { EndPoints = endPoints, CommandTimeout = commandTimeout };
    }

    public static string Format(RedisOptions options)
    {
        var text = new StringBuilder();
        foreach (var endPoint in options.EndPoints)
            text.Append(text.Length == 0 ? "" : ",").Append(Describe(endPoint));
        if (options.User is not null)
            text.Append(",user=").Append(options.User);
        if (options.Password is not null)
            text.Append(",password=*****");
        if (options.DefaultDatabase != 0)
            text.Append(CultureInfo.InvariantCulture, $",defaultDatabase={options.DefaultDatabase}");
        if (options.ClientName is not null)
            text.Append(",name=").Append(options.ClientName);
        text.Append(CultureInfo.InvariantCulture, $",connectTimeout={(long)options.ConnectTimeout.TotalMilliseconds}");
        text.Append(CultureInfo.InvariantCulture, $",syncTimeout={(long)options.CommandTimeout.TotalMilliseconds}");
        text.Append(",abortConnect=").Append(options.AbortOnConnectFail ? "true" : "false");
        return text.ToString();
    }

    /// <summary><c>host:port</c>, with IPv6 addresses in brackets.</summary>
    public static string Describe(DnsEndPoint endPoint) =>
        endPoint.Host.Contains(':', StringComparison.Ordinal)
            ? $"[{endPoint.Host}]:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endPoint.Host}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}";

    private static DnsEndPoint ParseEndPoint(string text)
    {
        string host;
        var port = DefaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                throw new ArgumentException($"'{text}' is not a valid endpoint: missing ']'.", nameof(text));
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                    throw new ArgumentException($"'{text}' is not a valid endpoint.", nameof(text));
                port = ParsePort(text, rest[1..]);
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                host = text; // a bare IPv6 address without a port
            }
            else if (colon >= 0)
            {
                host = text[..colon];
                port = ParsePort(text, text[(colon + 1)..]);
            }
            else
            {
                host = text;
            }
        }
        if (host.Length == 0)
            throw new ArgumentException($"'{text}' is not a valid endpoint: the host is empty.", nameof(text));
        return new DnsEndPoint(host, port);
    }

    private static int ParsePort(string endPoint, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new ArgumentException($"'{endPoint}' is not a valid endpoint: '{text}' is not a port.", nameof(endPoint));

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var result)
            ? result
            : throw new ArgumentException($"The Redis option '{key}' must be true or false, not '{value}'.", nameof(value));

    private static int ParseInt(string key, string value, int minimum) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result) && result >= minimum
            ? result
            : throw new ArgumentException($"The Redis option '{key}' must be a whole number of at least {minimum}, not '{value}'.", nameof(value));

    private static TimeSpan ParseMilliseconds(string key, string value) => TimeSpan.FromMilliseconds(ParseInt(key, value, 1));
}
