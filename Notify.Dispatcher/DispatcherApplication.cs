using Notify.ServiceDefaults;

namespace Notify.Dispatcher;

/// <summary>Builds the dispatcher: a worker with health and metrics endpoints. Tests host it in-process.</summary>
public static class DispatcherApplication
{
    /// <summary>
    /// The configured application. <paramref name="configure"/> runs first, so configuration it adds is what the
    /// clients and options bind (they read it as they are registered, as Aspire's integrations do).
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
