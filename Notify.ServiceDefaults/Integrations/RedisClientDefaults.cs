using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aspire.StackExchange.Redis;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// What Notify's services add to Aspire's <c>AddRedisClient</c> (Aspire.StackExchange.Redis):
/// <c>builder.AddRedisClient("redis", RedisClientDefaults.Settings, RedisClientDefaults.Options(builder.Configuration))</c>.
/// Everything else (the connection string, the <c>Aspire:StackExchange:Redis</c> section, the <c>StackExchange.Redis</c>
/// health check, tracing) is the package's.
/// </summary>
/// <remarks>
/// Why: StackExchange.Redis's first connect blocks its caller until the server answers or the connect timeout passes
/// (5 s, times <c>ConnectRetry</c>), even with <c>abortConnect=false</c>; after that it reconnects in the background.
/// Aspire makes that connect when the connection is first resolved, which can be a request. Here it happens once,
/// while the host starts, and no longer than one connect timeout; from then on commands never wait for a connection.
/// </remarks>
public static class RedisClientDefaults
{
    /// <summary>
    /// Configuration key of a certificate file (PEM or DER) of the authority that signed the server's certificate,
    /// trusted besides the system's store when the connection string says <c>ssl=true</c> (environment:
    /// <c>Aspire__StackExchange__Redis__Tls__CaFile</c>). The package has no such setting: StackExchange.Redis takes the
    /// authority in code (<see cref="ConfigurationOptions.TrustIssuer(X509Certificate2)"/>).
    /// </summary>
    public const string CaFileKey = "Aspire:StackExchange:Redis:Tls:CaFile";

    /// <summary>The integration's settings: connect while the host starts (Aspire's default is on first use).</summary>
    public static void Settings(StackExchangeRedisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.DisableAutoActivation = false;
    }

    /// <summary>
    /// StackExchange.Redis's options:
    /// <list type="bullet">
    /// <item>Commands fail at once while no connection is up (<see cref="BacklogPolicy.FailFast"/>) rather than queue
    /// for one until they time out (5 s): every use of Redis here has a fallback (send without the rate limiter or the
    /// caps, ask PostgreSQL, rely on JetStream's duplicate window), so waiting would only hold deliveries and requests up
    /// while Redis is away. It also makes the health check report an outage at once.</item>
    /// <item>The first connect is tried once (<see cref="ConfigurationOptions.ConnectRetry"/> 1, whatever the connection
    /// string says): the background reconnects take over after it, so retrying would only hold the start up.</item>
    /// <item>The authority in <see cref="CaFileKey"/>, when set, is trusted for the server's certificate.</item>
    /// </list>
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="CaFileKey"/> names a file that is missing or holds no certificate: the service does not start.</exception>
    public static Action<ConfigurationOptions> Options(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        X509Certificate2? authority = LoadAuthority(configuration[CaFileKey]);
        return options =>
        {
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ConnectRetry = 1;
            if (authority is not null)
                options.TrustIssuer(authority);
        };
    }

    /// <summary>Read while the service is wired, so that a wrong path stops the start rather than fails the connect.</summary>
    private static X509Certificate2? LoadAuthority(string? caFile)
    {
        // An empty value (a variable set to nothing) means no CA file, as for NATS's Tls:CaFile.
        if (string.IsNullOrEmpty(caFile))
            return null;
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(caFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"{CaFileKey} is '{caFile}', which cannot be read as a certificate: {ex.Message}", ex);
        }
    }
}
