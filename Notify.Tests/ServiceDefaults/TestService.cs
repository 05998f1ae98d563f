using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notify.ServiceDefaults;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

/// <summary>
/// A service built the way a Notify Program.cs builds one (AddServiceDefaults … MapDefaultEndpoints), listening
/// on a free loopback port in this process. Settings go into the builder's configuration, not the process
/// environment, so tests can run side by side; the test process's own OTEL_EXPORTER_OTLP_ENDPOINT is masked.
/// </summary>
internal sealed class TestService : IAsyncDisposable
{
    private bool _disposed;

    private TestService(WebApplication app, Uri address)
    {
        App = app;
        Name = app.Environment.ApplicationName;
        // No propagator: a request keeps the traceparent a test gives it, whoever else listens to HttpClient's spans.
        Http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    /// <summary>The application name: the service's own ActivitySource and Meter are named after it.</summary>
    public string Name { get; }

    /// <summary>
    /// A builder with defaults for tests: unique application name, port 0, no log providers, and the process's
    /// OTLP endpoint masked unless <paramref name="otlpFromEnvironment"/>.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(IDictionary<string, string?>? settings = null, bool otlpFromEnvironment = false)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = TestNames.Unique("svc"),
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (!otlpFromEnvironment)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "" });
        }

        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        return builder;
    }

    /// <summary>Builds <paramref name="builder"/>, maps the default endpoints and <paramref name="map"/>'s, and starts.</summary>
    public static async Task<TestService> StartAsync(WebApplicationBuilder builder, Action<WebApplication>? map = null)
    {
        WebApplication app = builder.Build();
        app.MapDefaultEndpoints();
        map?.Invoke(app);
        await app.StartAsync();
        return new TestService(app, new Uri(app.Urls.Single()));
    }

    /// <summary>A service with the defaults only.</summary>
    public static Task<TestService> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplication>? map = null) =>
        StartAsync(CreateBuilder(settings).AddServiceDefaults(), map);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
