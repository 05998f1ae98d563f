using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aspire.StackExchange.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// What Notify's services add to Aspire's <c>AddRedisClient</c> (Aspire.StackExchange.Redis):
/// <c>builder.AddRedisClient("redis", RedisClientDefaults.Settings, RedisClientDefaults.Options(builder))</c>.
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
    /// <item>The authority in <see cref="CaFileKey"/>, when set, is trusted for the server's certificate. That the file
    /// holds a certificate is one of the start-up checks (<c>StartupConfiguration.IsValid</c>), which this registers.</item>
    /// </list>
    /// </summary>
    public static Action<ConfigurationOptions> Options(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CertificateAuthority>()
            .Configure<IConfiguration>(static (authority, configuration) => authority.File = configuration[CaFileKey])
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CertificateAuthority>, CertificateAuthority.Check>());
        IConfiguration configuration = builder.Configuration;
        return options =>
        {
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ConnectRetry = 1;
            if (new CertificateAuthority { File = configuration[CaFileKey] }.Load() is { } authority)
                options.TrustIssuer(authority);
        };
    }

    private sealed class CertificateAuthority
    {
        public string? File { get; set; }

        // An empty value (a variable set to nothing) means no CA file, as for NATS's Tls:CaFile.
        public X509Certificate2? Load() => string.IsNullOrEmpty(File) ? null : X509CertificateLoader.LoadCertificateFromFile(File);

        /// <summary>One line naming the key and the file when it holds no certificate that can be read.</summary>
        public sealed class Check : IValidateOptions<CertificateAuthority>
        {
            public ValidateOptionsResult Validate(string? name, CertificateAuthority options)
            {
                try
                {
                    using X509Certificate2? certificate = options.Load();
                    return ValidateOptionsResult.Success;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
                {
                    return ValidateOptionsResult.Fail($"{CaFileKey} is '{options.File}', which is not a readable certificate file ({ex.Message.TrimEnd('.')}).");
                }
            }
        }
    }
}
