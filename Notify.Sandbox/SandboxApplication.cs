using Microsoft.Extensions.Configuration.Memory;
using Notify.ServiceDefaults;

namespace Notify.Sandbox;

/// <summary>Builds the sandbox, for <c>Program</c> and for tests that host it in-process.</summary>
public static class SandboxApplication
{
    /// <summary>Where the sandbox listens unless <c>ASPNETCORE_URLS</c>, <c>--urls</c> or the like say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>
    /// The sandbox application, not yet started. <paramref name="configure"/> runs after the sandbox's own
    /// registrations, so it can override settings and services (a test passes <c>--urls http://127.0.0.1:0</c>
    /// in <paramref name="args"/> and reads the bound address from <c>Urls</c> once started).
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

        // What the usual appsettings.json would hold, as the lowest-precedence source since the sandbox ships none:
        // no log line per request, which would cost more than the request itself under a load test.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        if (!HasListenSetting(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddServiceDefaults();
        builder.AddSandboxServices();
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapSandboxApis();
        app.MapDefaultEndpoints();
        return app;
    }

    private static bool HasListenSetting(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"]) ||
        !string.IsNullOrEmpty(configuration["http_ports"]) ||
        !string.IsNullOrEmpty(configuration["https_ports"]) ||
        configuration.GetSection("Kestrel:Endpoints").Exists();
}
