using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notify.AppHost.Servers;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// One set of real servers (nats, redis, postgres, smtp) for the whole test run: the AppHost's own server resources,
/// started on first use through Aspire.Hosting.Testing (servers only, free ports, a temporary state directory), and
/// stopped once every test has run. Test classes run in parallel against them, so they keep apart by name:
/// <see cref="TestNames.Unique"/> for streams, subjects and keys, and a database of their own (<see cref="PostgresDatabaseFixture"/>).
/// </summary>
/// <remarks>
/// xunit 2 has no assembly fixtures: a lazy static plays that role, and <see cref="TestRunCompletion"/> stops the servers
/// after the last test (the test host gets too little time at exit for a clean stop there).
/// </remarks>
public static class SharedInfrastructure
{
    /// <summary>The server resources of the AppHost.</summary>
    public static readonly IReadOnlyList<string> Resources = ["nats", "redis", "postgres", "smtp"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<Task<SharedServers>> Servers = new(StartAsync);

    /// <summary>The started servers (the first call starts them; a failed start fails every caller with its reason).</summary>
    public static Task<SharedServers> GetAsync() => Servers.Value;

    /// <summary>
    /// Builds the AppHost with only its servers, on free ports, their state in <paramref name="stateDirectory"/> and
    /// PostgreSQL without fsync; the caller starts it.
    /// </summary>
    public static async Task<DistributedApplication> BuildServersOnlyAsync(string stateDirectory)
    {
        IDistributedApplicationTestingBuilder builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Notify_AppHost>(
        [
            "--Notify:ServersOnly=true",
            "--Notify:Ports:Free=true",
            "--Notify:Durable=false",
            $"--Notify:StateDirectory={stateDirectory}",
        ]);
        // Health checks fail while the servers start; what matters is whether they turn healthy in time.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Error));
        return await builder.BuildAsync();
    }

    /// <summary>Starts <paramref name="app"/> and waits until its four servers pass their health checks.</summary>
    public static async Task StartHealthyAsync(DistributedApplication app)
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(deadline.Token);
        await Task.WhenAll(Resources.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token)));
    }

    /// <summary>What the servers of a started servers-only app give a service that references them.</summary>
    public static async Task<SharedServers> ConnectionsOfAsync(DistributedApplication app)
    {
        async Task<string> ConnectionString(string name) =>
            await app.GetConnectionStringAsync(name) ?? throw new InvalidOperationException($"{name} has no connection string");

        SmtpServerResource smtp = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<SmtpServerResource>().Single();
        return new SharedServers(
            await ConnectionString("nats"),
            await ConnectionString("redis"),
            await ConnectionString("postgres"),
            await ConnectionString("notifydb"),
            await ConnectionString("smtp"),
            new Maildir(smtp.MaildirPath));
    }

    /// <summary>Stops the servers and deletes their state, if they were started: <see cref="TestRunCompletion"/> calls it once every test has run.</summary>
    internal static async Task StopAsync()
    {
        if (Started is not { } started)
            return;
        using var deadline = new CancellationTokenSource(ShutdownTimeout);
        await started.App.StopAsync(deadline.Token);
        await started.App.DisposeAsync();
        started.State.Delete(recursive: true);
    }

    private static (DistributedApplication App, DirectoryInfo State)? Started { get; set; }

    private static async Task<SharedServers> StartAsync()
    {
        DirectoryInfo state = Directory.CreateTempSubdirectory("notify-test-servers-");
        DistributedApplication app = await BuildServersOnlyAsync(state.FullName);
        Started = (app, state);
        await StartHealthyAsync(app);
        SharedServers servers = await ConnectionsOfAsync(app);

        // The AppHost leaves creating notifydb to the services; tests hand it to clients that expect it to exist.
        await servers.CreateDatabaseAsync("notifydb");
        return servers;
    }
}
