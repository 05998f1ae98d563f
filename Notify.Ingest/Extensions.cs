using Notify.Core.Storage;
using Notify.Ingest.Auth;
using Notify.Ingest.DeadLetters;
using Notify.Ingest.Inbox;
using Notify.Ingest.Notifications;
using Notify.Ingest.Operations;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;
using Notify.Ingest.Startup;
using Notify.Ingest.Telemetry;
using Notify.Ingest.Templates;
using Notify.Ingest.Unsubscribe;
using Notify.Ingest.Users;
using Notify.ServiceDefaults.Configuration;
using Notify.ServiceDefaults.Integrations;

namespace Notify.Ingest;

/// <summary>Ingest's wiring: clients, start-up work, authentication, rate limits, each resource's services, the pipeline.</summary>
internal static class Extensions
{
    /// <summary>Registers everything the endpoints need.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        builder.AddRedisClient("redis", RedisClientDefaults.Settings, RedisClientDefaults.Options(builder));
        builder.RequireConnectionString("redis", "Aspire:StackExchange:Redis");
        builder.AddNpgsqlDataSource("notifydb", configureDataSourceBuilder: ConnectionPool.Configure);
        builder.RequireConnectionString("notifydb", "Aspire:Npgsql");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IngestMetrics>();

        builder.AddHttpApi();
        builder.AddJetStreamSetup();
        builder.AddDatabaseMigrations();
        builder.AddApiKeyAuthentication();
        builder.AddApiRateLimiting();
        builder.AddNotifications();
        builder.AddOrderEvents();
        builder.AddNotificationStatus();
        builder.AddUserSettings();
        builder.AddUnsubscribe();
        builder.Services.AddSingleton<Notify.Core.Storage.StatusWebhookStore>();
        builder.AddInbox();
        builder.AddDeadLetters();
        builder.AddOperations();
        builder.AddTemplates();
    }

    /// <summary>
    /// Problems for every failure (exceptions, empty 404/405s), then the readiness gate, authentication, the per-client
    /// rate limit and authorization, in that order: the rate limit partitions by the authenticated key.
    /// </summary>
    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseMiddleware<NotReadyGate>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }
}
