using Notify.Ingest.ApiReference;
using Notify.Ingest.DeadLetters;
using Notify.Ingest.Inbox;
using Notify.Ingest.Notifications;
using Notify.Ingest.Operations;
using Notify.Ingest.OpsConsole;
using Notify.Ingest.Orders;
using Notify.Ingest.Templates;
using Notify.Ingest.Unsubscribe;
using Notify.Ingest.Users;
using Notify.Ingest.Webhooks;
using Notify.ServiceDefaults;

namespace Notify.Ingest;

/// <summary>Builds the Ingest web application; <c>Program</c> runs it, tests host it in-process.</summary>
public static class IngestApplication
{
    /// <summary>Where Ingest listens when neither <c>ASPNETCORE_URLS</c> nor <c>HTTP_PORTS</c> says.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// The application, configured from <paramref name="args"/>, the environment and <paramref name="configure"/>
    /// (which runs before any service reads configuration, e.g. to add settings or listen on port 0).
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddConfigurationDefaults();
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
            builder.WebHost.UseUrls(DefaultUrl);

        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.UseApplicationPipeline();
        app.MapApiReference();
        app.MapNotificationsApi();
        app.MapOrderEventsApi();
        app.MapUsersApi();
        app.MapUnsubscribeApi();
        app.MapStatusWebhooksApi();
        app.MapInboxApi();
        app.MapDeadLettersApi();
        app.MapAdminApi();
        app.MapOpsConsole();
        app.MapTemplatesApi();
        app.MapDefaultEndpoints();
        return app;
    }
}
