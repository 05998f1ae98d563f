using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Notify.Bench.Runtime;

namespace Notify.Bench.Pipeline;

/// <summary>
/// The whole Notify stack for a pipeline scenario: the AppHost started through Aspire.Hosting.Testing, with free ports
/// and its state in a temporary directory; a Release build of the bench runs the services' Release build (the AppHost
/// has them run in its own configuration). Ingest's per-key rate limit is lifted (the bench is one API key pushing far
/// past a tenant's budget) and the sandbox keeps enough messages for the largest backlog. The services ship no
/// appsettings.json, so their log level is Information for every category: ASP.NET Core then writes six log entries
/// per request and HttpClient four per provider call to the console. The bench sets <c>Microsoft.AspNetCore</c> (as
/// the ASP.NET Core template's appsettings.json does) and <c>System.Net.Http.HttpClient</c> to Warning, and leaves
/// OTLP export off (no dashboard runs). Everything else runs with the services' defaults, unless the command line sets
/// it (<c>--set</c>).
/// </summary>
internal sealed class PipelineStack : IAsyncDisposable
{
    private const string AspNetCoreLogLevel = "Logging__LogLevel__Microsoft.AspNetCore";
    private const string HttpClientLogLevel = "Logging__LogLevel__System.Net.Http.HttpClient";
    private const string Http = "http";
    private static readonly string[] OtherServers = ["redis", "postgres", "smtp"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly DistributedApplication _app;
    private readonly DirectoryInfo _state;
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly CancellationTokenSource _stopWatching = new();
    private readonly Task _watching;

    private readonly string[] _servers;

    private PipelineStack(DistributedApplication app, DirectoryInfo state, int natsNodes)
    {
        _app = app;
        _state = state;
        _servers = [.. Enumerable.Range(1, natsNodes).Select(node => node == 1 ? "nats" : $"nats-{node.ToString(CultureInfo.InvariantCulture)}"), .. OtherServers];
        _watching = WatchAsync(_stopWatching.Token);
    }

    /// <summary>Ingest's address.</summary>
    public Uri IngestUrl => _app.GetEndpoint("ingest", Http);

    /// <summary>The sandbox's address.</summary>
    public Uri SandboxUrl => _app.GetEndpoint("sandbox", Http);

    /// <summary>NATS's monitoring address (<c>/varz</c>, <c>/jsz</c>).</summary>
    public Uri NatsMonitorUrl => _app.GetEndpoint("nats", "monitor");

    /// <summary>Starts counting what the servers and services do (<see cref="StackCounts"/>).</summary>
    public async Task<StackCounts> CountAsync(CancellationToken cancellationToken) =>
        await StackCounts.StartAsync(NatsMonitorUrl,
            await _app.GetConnectionStringAsync("redis", cancellationToken) ?? throw new InvalidOperationException("redis has no connection string"),
            await _app.GetConnectionStringAsync("notifydb", cancellationToken) ?? throw new InvalidOperationException("notifydb has no connection string"),
            [.. Resources.Where(r => !_servers.Contains(r.Name))]);

    /// <summary>Every process of the stack: the servers (each NATS node), the sandbox, Ingest, <c>dispatcher-0</c> … (each replica's own).</summary>
    public IReadOnlyList<StackProcess> Resources =>
        [.. _servers.Select(Process), Process("sandbox"), Process("ingest"), .. Dispatchers.Select((id, i) => new StackProcess($"dispatcher-{i}", () => ServiceProcessId(id)))];

    /// <summary>The <c>notifydb</c> database's connection string, as the services get it.</summary>
    public async Task<string> NotifyDbConnectionStringAsync(CancellationToken cancellationToken) =>
        await _app.GetConnectionStringAsync("notifydb", cancellationToken) ?? throw new InvalidOperationException("the stack has no notifydb connection string");

    /// <summary>The NATS server's connection string, as the services get it.</summary>
    public async Task<string> NatsConnectionStringAsync(CancellationToken cancellationToken) =>
        await _app.GetConnectionStringAsync("nats", cancellationToken) ?? throw new InvalidOperationException("the stack has no nats connection string");

    /// <summary>The dispatcher replicas' resource ids.</summary>
    private IReadOnlyList<string> Dispatchers => Instances("dispatcher");

    /// <summary>
    /// Starts the stack with <paramref name="dispatchers"/> replicas (0: started, then stopped) on <paramref name="natsNodes"/>
    /// NATS nodes (3: a JetStream cluster, every stream R3).
    /// </summary>
    public static async Task<PipelineStack> StartAsync(BenchContext context, int dispatchers, CancellationToken cancellationToken, int natsNodes = 1)
    {
        foreach (var setting in context.Options.Settings)
            context.Log.Info($"setting {setting}");
        context.Log.Info($"starting the stack with {dispatchers} dispatcher(s) and {natsNodes} NATS node(s)");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var state = Directory.CreateTempSubdirectory("notify-bench-");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Notify_AppHost>(
            ["--Notify:Ports:Free=true", "--Notify:Durable=false", $"--Notify:StateDirectory={state.FullName}",
                $"--Notify:Dispatchers={Math.Max(dispatchers, 1).ToString(CultureInfo.InvariantCulture)}",
                $"--Notify:Nats:Nodes={natsNodes.ToString(CultureInfo.InvariantCulture)}"],
            timeout.Token);
        // Stdout carries only the JSON reports: the AppHost's log (with its resources' output) goes to stderr, when asked for.
        builder.Services.AddLogging(logging =>
        {
            logging.ClearProviders();
            if (context.Options.Verbose)
                logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        Configure(builder, "ingest", context, new()
        {
            [AspNetCoreLogLevel] = "Warning",
            ["Notify__RateLimit__PermitsPerSecond"] = "10000000",
            ["Notify__RateLimit__Burst"] = "10000000",
        });
        Configure(builder, "dispatcher", context, new()
        {
            [AspNetCoreLogLevel] = "Warning",
            [HttpClientLogLevel] = "Warning",
            ["Notify__Caps__Enabled"] = "false", // the backlog sends hundreds of promotions to each user
        });
        Configure(builder, "sandbox", context, new() { [AspNetCoreLogLevel] = "Warning", ["Sandbox__Capacity"] = "1000000" });

        var app = await builder.BuildAsync(timeout.Token);
        var stack = new PipelineStack(app, state, natsNodes);
        try
        {
            await app.StartAsync(timeout.Token);
            await stack.WaitUntilHealthyAsync("sandbox", 1, timeout.Token);
            await stack.WaitUntilHealthyAsync("ingest", 1, timeout.Token);
            await stack.WaitUntilHealthyAsync("dispatcher", Math.Max(dispatchers, 1), timeout.Token);
            if (dispatchers == 0)
                await stack.StopDispatchersAsync(timeout.Token);
            context.Log.Info($"stack up: ingest {stack.IngestUrl}, sandbox {stack.SandboxUrl}");
            return stack;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var states = stack.DescribeResources();
            await stack.DisposeAsync();
            throw new TimeoutException($"the stack did not start within {StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; its resources: {states} (--verbose shows their output)");
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>The process of the server or service <paramref name="resource"/> (one instance).</summary>
    public StackProcess Process(string resource)
    {
        var id = Instances(resource).Single();
        return new StackProcess(resource, _servers.Contains(resource) ? () => ProcessId(id) : () => ServiceProcessId(id));
    }

    /// <summary>Stops every dispatcher replica with its stop command (what the dashboard's Stop does).</summary>
    public async Task StopDispatchersAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Dispatchers.Select(id => RunCommandAsync(id, KnownResourceCommands.StopCommand, cancellationToken)));
    }

    /// <summary>Starts every dispatcher replica with its start command and waits until each is healthy.</summary>
    public async Task StartDispatchersAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Dispatchers.Select(id => RunCommandAsync(id, KnownResourceCommands.StartCommand, cancellationToken)));
        await WaitUntilHealthyAsync("dispatcher", Dispatchers.Count, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (<see cref="ProcessSignal"/>) to dispatcher replica <paramref name="index"/>'s
    /// service process, waits until DCP records it as ended, starts it again with its start command (nothing restarts
    /// a crashed service on its own) and returns once it is healthy.
    /// </summary>
    public async Task SignalAndRestartDispatcherAsync(int index, int signal, CancellationToken cancellationToken)
    {
        var id = Dispatchers[index];
        if (ServiceProcessId(id) is not { } process || !ProcessSignal.Send(process, signal))
            throw new InvalidOperationException($"{id} has no running service process to signal");
        await WaitForStateAsync(id, snapshot => KnownResourceStates.TerminalStates.Contains(snapshot.State?.Text), cancellationToken);
        await RunCommandAsync(id, KnownResourceCommands.StartCommand, cancellationToken);
        await WaitForStateAsync(id, snapshot => snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy,
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        try
        {
            await _watching;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _stopWatching.Dispose();
        await _app.DisposeAsync();
        _state.Delete(recursive: true);
    }

    private static void Configure(IDistributedApplicationTestingBuilder builder, string service, BenchContext context, Dictionary<string, string> environment)
    {
        foreach (var setting in context.Options.Settings.Where(s => s.Service == service))
            environment[setting.EnvironmentName] = setting.Value;
        var project = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == service));
        project.WithEnvironment(variables => variables.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        foreach (var (name, value) in environment)
            project.WithEnvironment(name, value);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        await foreach (var update in _app.ResourceNotifications.WatchAsync(cancellationToken))
            _latest[update.ResourceId] = update;
    }

    /// <summary>Each resource instance's last known state and health, for a start that timed out.</summary>
    private string DescribeResources() => _latest.IsEmpty
        ? "none reported a state"
        : string.Join(", ", _latest.Values.Where(e => e.ResourceId != e.Resource.Name || !_latest.Values.Any(o => o.Resource.Name == e.Resource.Name && o.ResourceId != o.Resource.Name))
            .OrderBy(e => e.ResourceId, StringComparer.Ordinal)
            .Select(e => $"{e.ResourceId} {e.Snapshot.State?.Text ?? "no state"}{(e.Snapshot.HealthStatus is { } health ? $"/{health}" : "")}"));

    /// <summary>The resource ids of <paramref name="resource"/>'s instances (replicas), in a stable order.</summary>
    private List<string> Instances(string resource) =>
        [.. _latest.Values.Where(e => e.Resource.Name == resource && e.ResourceId != resource).Select(e => e.ResourceId).Order(StringComparer.Ordinal)];

    /// <summary>Waits until <paramref name="count"/> instances of <paramref name="resource"/> are each healthy (Aspire's own wait is content with one replica).</summary>
    private async Task WaitUntilHealthyAsync(string resource, int count, CancellationToken cancellationToken)
    {
        while (Instances(resource).Count < count)
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        foreach (var id in Instances(resource))
        {
            var settled = await _app.ResourceNotifications.WaitForResourceAsync(resource, update => update.ResourceId == id
                && (update.Snapshot.HealthStatus == HealthStatus.Healthy || KnownResourceStates.TerminalStates.Contains(update.Snapshot.State?.Text)), cancellationToken);
            if (settled.Snapshot.HealthStatus != HealthStatus.Healthy)
                throw new InvalidOperationException($"{id} did not start: {settled.Snapshot.State?.Text} (exit code {settled.Snapshot.ExitCode})");
        }
    }

    private async Task WaitForStateAsync(string id, Func<CustomResourceSnapshot, bool> reached, CancellationToken cancellationToken)
    {
        while (!(_latest.TryGetValue(id, out var latest) && reached(latest.Snapshot)))
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
    }

    private async Task RunCommandAsync(string id, string command, CancellationToken cancellationToken)
    {
        var result = await _app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(id, command, cancellationToken);
        if (!result.Success)
            throw new InvalidOperationException($"{command} on {id}: {result.Message}");
    }

    /// <summary>The process DCP started for the instance <paramref name="id"/>, while it runs.</summary>
    private int? ProcessId(string id) =>
        _latest.TryGetValue(id, out var latest) && latest.Snapshot.State?.Text == KnownResourceStates.Running
            && latest.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, CultureInfo.InvariantCulture)
            : null;

    /// <summary>A service's own process: DCP runs a project as <c>dotnet run --no-build …</c>, and the service is that process's only child.</summary>
    private int? ServiceProcessId(string id)
    {
        if (ProcessId(id) is not { } launcher)
            return null;
        try
        {
            var children = Directory.EnumerateDirectories($"/proc/{launcher.ToString(CultureInfo.InvariantCulture)}/task")
                .SelectMany(thread => File.ReadAllText(Path.Combine(thread, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToList();
            return children is [var service] ? int.Parse(service, CultureInfo.InvariantCulture) : null;
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>One process of the stack under the name the reports use, its id read when asked (a restarted replica has a new one).</summary>
/// <param name="Name">The resource's name, or <c>dispatcher-N</c> for a replica.</param>
/// <param name="ReadProcessId">The process id now, or null when it is not running.</param>
internal sealed record StackProcess(string Name, Func<int?> ReadProcessId)
{
    /// <summary>The process id now, or null when it is not running.</summary>
    public int? ProcessId => ReadProcessId();
}
