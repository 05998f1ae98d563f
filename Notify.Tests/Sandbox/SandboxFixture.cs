using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Notify.Sandbox;

namespace Notify.Tests.Sandbox;

/// <summary>
/// A sandbox hosted in this process on a free port, one per test class (<c>IClassFixture&lt;SandboxFixture&gt;</c>),
/// or started on its own with <see cref="StartAsync"/> for a test that needs other settings.
/// </summary>
public class SandboxFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly Action<WebApplicationBuilder>? _configure;
    private WebApplication? _app;
    private HttpClient? _http;

    /// <summary>A fixture with the sandbox's defaults.</summary>
    public SandboxFixture()
        : this(configure: null)
    {
    }

    /// <summary>A fixture whose sandbox <paramref name="configure"/> adjusts before it is built.</summary>
    protected SandboxFixture(Action<WebApplicationBuilder>? configure) => _configure = configure;

    /// <summary>Where the sandbox listens.</summary>
    public Uri Address => Http.BaseAddress!;

    /// <summary>A client with the sandbox as base address, as a provider client would hold one.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("the sandbox has not been started");

    /// <summary>The sandbox's control API.</summary>
    public SandboxControl Control => new(Http);

    /// <summary>Starts a sandbox of the test's own.</summary>
    public static async Task<SandboxFixture> StartAsync(Action<WebApplicationBuilder> configure)
    {
        var fixture = new SandboxFixture(configure);
        await fixture.InitializeAsync();
        return fixture;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _app = SandboxApplication.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            _configure?.Invoke(builder);
        });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
