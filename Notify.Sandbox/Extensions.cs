using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notify.Core.Messaging;
using Notify.Sandbox.Faults;
using Notify.Sandbox.Push;
using Notify.Sandbox.Records;
using Notify.Sandbox.Sms;
using Notify.Sandbox.Webhooks;

namespace Notify.Sandbox;

/// <summary>The sandbox's wiring.</summary>
public static class Extensions
{
    /// <summary>Options, the record and fault stores, and problem details for every error the sandbox itself answers.</summary>
    public static IHostApplicationBuilder AddSandboxServices(this IHostApplicationBuilder builder)
    {
        IServiceCollection services = builder.Services;
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MessageStore>();
        services.AddSingleton<TrafficStats>();
        services.AddSingleton<FaultRegistry>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<WebhookKeys>();

        services.AddProblemDetails();
        // Malformed control requests get a 400 problem, never a developer page or a 500, in every environment.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new ChannelJsonConverter());
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        return builder;
    }

    /// <summary>The provider stand-ins and the <c>/sandbox</c> control API.</summary>
    public static IEndpointRouteBuilder MapSandboxApis(this IEndpointRouteBuilder app)
    {
        app.MapTwilioMessagesApi();
        app.MapFcmApi();
        app.MapWebhooksApi();
        app.MapMessagesApi();
        app.MapFaultsApi();
        return app;
    }
}
