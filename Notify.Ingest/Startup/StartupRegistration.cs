using Notify.Core.Messaging;

namespace Notify.Ingest.Startup;

/// <summary>Registers what runs at start: the JetStream topology (gating the API until it exists) and the migrations.</summary>
public static class StartupRegistration
{
    /// <summary>Adds the stream options (<c>Notify:Streams</c>), the readiness gate's state, the setup and its health check.</summary>
    public static IHostApplicationBuilder AddJetStreamSetup(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StreamTopologyOptions>().BindConfiguration(StreamTopologyOptions.Section)
            .Validate(o => o.Replicas is >= 1 and <= 5 && o.DuplicateWindow > TimeSpan.Zero,
                $"{StreamTopologyOptions.Section}: Replicas must be 1 to 5 and DuplicateWindow positive.")
            .ValidateOnStart();
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
