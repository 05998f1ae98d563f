using System.Net.Http.Headers;
using Notify.AppHost.Hosting;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// The whole Notify stack for one end-to-end test class: <c>IClassFixture&lt;NotifyStackFixture&gt;</c>. Its own
/// servers (nats, redis, postgres, smtp) on free ports with temporary state, the sandbox, Ingest and two
/// dispatchers; restart-on-crash off, so a killed dispatcher stays down until the test starts it again.
/// </summary>
/// <remarks>
/// The servers are not the shared ones: the priority streams, consumers and KV buckets are global per NATS
/// server, and rate-limit and idempotency keys per Redis, so a class that counts messages, deliveries or mail
/// needs them to itself. That costs a few seconds per class (PostgreSQL's initdb most of it).
/// Derive from it to run another shape of stack (more dispatchers, extra settings) by overriding <see cref="Options"/>.
/// </remarks>
public class NotifyStackFixture : IAsyncLifetime
{
    private NotifyStack? _stack;
    private HttpClient? _ingest;
    private HttpClient? _sandbox;

    /// <summary>The running stack (every resource: start, stop, kill, recent output).</summary>
    public NotifyStack Stack => _stack ?? throw NotInitialized();

    /// <summary>Ingest's API, authenticated with the development key (tenant <c>dev</c>; scopes send, read, admin).</summary>
    public HttpClient Ingest => _ingest ?? throw NotInitialized();

    /// <summary>The provider sandbox (<c>/sandbox/messages</c>, fault injection).</summary>
    public HttpClient Sandbox => _sandbox ?? throw NotInitialized();

    /// <summary>The dispatcher replicas, to kill, stop or start one.</summary>
    public IReadOnlyList<ProjectResource> Dispatchers => Stack.Dispatchers;

    /// <summary>The stack to run; the default is <see cref="NotifyStackOptions.Default"/> (free ports, temporary state, no restarts).</summary>
    protected virtual NotifyStackOptions Options => NotifyStackOptions.Default;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _stack = await NotifyStack.StartAsync(Options);
        _ingest = new HttpClient { BaseAddress = _stack.Ingest.Url };
        _ingest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NotifyStack.DevelopmentApiKey);
        _sandbox = new HttpClient { BaseAddress = _stack.Sandbox.Url };
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _ingest?.Dispose();
        _sandbox?.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    private static InvalidOperationException NotInitialized() => new("the fixture has not been initialized");
}
