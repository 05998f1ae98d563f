using Microsoft.Extensions.Options;
using Notify.Core.Messaging;

namespace Notify.Ingest.Startup;

/// <summary>Registers what runs at start: the JetStream topology (gating the API until it exists) and the migrations.</summary>
public static class StartupRegistration
{
    /// <summary>Adds the stream options (<c>Notify:Streams</c>, checked as the dispatcher checks them), the readiness gate's state, the setup and its health check.</summary>
    public static IHostApplicationBuilder AddJetStreamSetup(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StreamTopologyOptions>().BindConfiguration(StreamTopologyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StreamTopologyOptions>, StreamTopologyOptionsValidation>();
        builder.Services.AddSingleton<JetStreamReadiness>();
        builder.Services.AddHostedService<JetStreamSetup>();
        builder.Services.AddHealthChecks().AddCheck<JetStreamReadinessCheck>("JetStreamTopology");
        return builder;
    }

    /// <summary>Adds the background migration of the database.</summary>
    public static IHostApplicationBuilder AddDatabaseMigrations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DatabaseMigrations>();
        return builder;
    }
}
