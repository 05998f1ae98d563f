using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Notify.ServiceDefaults.Configuration;
using Notify.ServiceDefaults.Health;
using Notify.ServiceDefaults.Telemetry;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// The NATS client integration in the shape of Aspire's <c>Aspire.NATS.Net</c> (not served to us): NATS.Net's
/// <see cref="NatsConnection"/> as a singleton, its JetStream context, the <c>NATS</c> health check and its telemetry.
/// </summary>
public static class NatsClientExtensions
{
    /// <summary>The health check's name, as Aspire's integration registers it.</summary>
    public const string HealthCheckName = "NATS";

    /// <summary>
    /// Registers a singleton <see cref="NatsConnection"/> (also as <see cref="INatsConnection"/>; named after the
    /// application, logging through the host, retrying its first connect until the server is up), an
    /// <see cref="INatsJSContext"/> on it, and unless disabled the <c>NATS</c> health check (tagged <see cref="HealthTags.Ready"/>).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">The name in <c>ConnectionStrings</c>, e.g. <c>nats</c>.</param>
    /// <param name="configureSettings">Changes the settings after they are read from configuration.</param>
    /// <param name="configureOptions">Changes the connection options derived from the settings.</param>
    public static IHostApplicationBuilder AddNatsClient(this IHostApplicationBuilder builder, string connectionName,
        Action<NatsClientSettings>? configureSettings = null, Func<NatsOpts, NatsOpts>? configureOptions = null)
    {
        NatsClientSettings settings = ConnectionSettings.Read(builder.Configuration, NatsClientSettings.SectionName,
            connectionName, new NatsClientSettings(), static (s, cs) => s.ConnectionString = cs, configureSettings);
        string applicationName = builder.Environment.ApplicationName;
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            builder.RequireConnectionString(connectionName, NatsClientSettings.SectionName);
        }

        builder.Services.AddSingleton(sp =>
        {
            NatsOpts opts = NatsOpts.Default with
            {
                Url = ConnectionSettings.Require(settings.ConnectionString, connectionName, NatsClientSettings.SectionName),
                Name = applicationName,
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
                RetryOnInitialConnect = true,
                // Replies (every JetStream PubAck) go straight to the waiting request rather than through a shared inbox
                // subscription's channel: about a quarter less CPU and allocation per publish (docs/benchmarks.md).
                RequestReplyMode = NatsRequestReplyMode.Direct,
                TlsOpts = settings.Tls.ToOpts(),
            };
            return new NatsConnection(configureOptions?.Invoke(opts) ?? opts);
        });
        builder.Services.TryAddSingleton<INatsConnection>(static sp => sp.GetRequiredService<NatsConnection>());
        builder.Services.TryAddSingleton<INatsJSContext>(static sp => new NatsJSContext(sp.GetRequiredService<INatsConnection>()));
        builder.Services.AddHostedService<NatsConnectionStarter>();

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(HealthCheckName,
                sp => new NatsHealthCheck(sp.GetRequiredService<NatsConnection>()), failureStatus: null, tags: [HealthTags.Ready]));
        }

        if (settings.DisableTracing)
        {
            builder.Services.AddSingleton(new TracingOptOut(NatsTelemetry.SourceName));
        }
        else
        {
            NatsInstrumentationOptions.Default.Filter = static context => !IsTransport(context.Subject);
        }

        return builder;
    }

    /// <summary>
    /// Whether NATS.Net's span for <paramref name="subject"/> would only show JetStream's own traffic: PubAck and request
    /// replies on inboxes, acks, and JetStream API calls (pulls, consumer and stream info). Traced, they add three spans
    /// to every notification that say nothing to the reader of a trace, and cost CPU on every message.
    /// </summary>
    internal static bool IsTransport(string subject) =>
        subject.StartsWith("_INBOX.", StringComparison.Ordinal)
        || subject.StartsWith("$JS.ACK.", StringComparison.Ordinal)
        || subject.StartsWith("$JS.API.", StringComparison.Ordinal);
}
