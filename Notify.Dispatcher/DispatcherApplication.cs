using Notify.ServiceDefaults;

namespace Notify.Dispatcher;

/// <summary>Builds the dispatcher: a worker with health and metrics endpoints. Tests host it in-process.</summary>
public static class DispatcherApplication
{
    /// <summary>The configured application; <paramref name="configure"/> may change the builder before it is built.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
