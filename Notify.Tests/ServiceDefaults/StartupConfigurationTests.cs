using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notify.Dispatcher;
using Notify.Ingest;
using Notify.ServiceDefaults.Configuration;

namespace Notify.Tests.ServiceDefaults;

/// <summary>What an operator sees when a service is started with bad configuration: one line per problem, naming the key.</summary>
public sealed class StartupConfigurationTests
{
    // Nothing listens on them: the check must come before anything connects.
    private static readonly Dictionary<string, string?> Connections = new()
    {
        ["ConnectionStrings:nats"] = "nats://127.0.0.1:1",
        ["ConnectionStrings:redis"] = "127.0.0.1:1",
        ["ConnectionStrings:notifydb"] = "Host=127.0.0.1;Port=1;Username=notify;Database=notifydb",
    };

    [Theory]
    [InlineData("nats", "ConnectionStrings:nats is missing (it may also be given as Aspire:NATS:Net:ConnectionString).")]
    [InlineData("redis", "ConnectionStrings:redis is missing (it may also be given as Aspire:StackExchange:Redis:ConnectionString).")]
    [InlineData("notifydb", "ConnectionStrings:notifydb is missing (it may also be given as Aspire:Npgsql:ConnectionString).")]
    public async Task A_missing_connection_string_is_one_line_naming_it(string name, string line)
    {
        var settings = Connections.Where(c => c.Key != $"ConnectionStrings:{name}");
        await using WebApplication dispatcher = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"],
            builder => builder.Configuration.AddInMemoryCollection(settings));
        var error = new StringWriter();

        Assert.False(StartupConfiguration.IsValid(dispatcher, error));
        Assert.Equal([line], Lines(error));
    }

    [Fact]
    public async Task A_connection_string_in_the_integration_section_is_enough()
    {
        var settings = Connections.Where(c => c.Key != "ConnectionStrings:redis")
            .Append(new("Aspire:StackExchange:Redis:ConnectionString", "127.0.0.1:1"));
        await using WebApplication dispatcher = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"],
            builder => builder.Configuration.AddInMemoryCollection(settings));
        var error = new StringWriter();

        Assert.True(StartupConfiguration.IsValid(dispatcher, error));
        Assert.Empty(Lines(error));
    }

    [Fact]
    public async Task Every_bad_value_gets_its_own_line()
    {
        await using WebApplication dispatcher = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(Connections.Concat(new Dictionary<string, string?>
            {
                ["Notify:Dispatcher:PullExpires"] = "00:05:00",
                ["Notify:Receipts:MaxAttempts"] = "0",
            })));
        var error = new StringWriter();

        Assert.False(StartupConfiguration.IsValid(dispatcher, error));
        Assert.Equal(
            ["Notify:Dispatcher:PullExpires must be between 1 and 60 seconds, not 00:05:00.", "Notify:Receipts:MaxAttempts must be at least 1, not 0."],
            Lines(error).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_value_that_is_not_of_its_type_names_the_key()
    {
        await using WebApplication ingest = IngestApplication.Create(["--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(Connections.Append(new("Notify:Streams:Replicas", "three"))));
        var error = new StringWriter();

        Assert.False(StartupConfiguration.IsValid(ingest, error));
        string line = Assert.Single(Lines(error));
        Assert.Contains("'Notify:Streams:Replicas'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_in_doubt_policy_that_is_neither_skip_nor_resend_names_the_key()
    {
        await using WebApplication dispatcher = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(Connections.Append(new("Notify:Dispatcher:InDoubt:Low", "never"))));
        var error = new StringWriter();

        Assert.False(StartupConfiguration.IsValid(dispatcher, error));
        Assert.Equal(["Notify:Dispatcher:InDoubt:Low must be skip or resend, not 'never'."], Lines(error));
    }

    [Fact]
    public async Task The_dispatcher_process_exits_with_one_line_on_stderr_and_nothing_else()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Notify.Dispatcher.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in Connections)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["Notify__Dispatcher__PullExpires"] = "00:05:00";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Equal("Notify:Dispatcher:PullExpires must be between 1 and 60 seconds, not 00:05:00." + Environment.NewLine, await stderr);
    }

    [Fact]
    public async Task A_background_service_that_fails_makes_the_exit_code_1_and_a_plain_stop_0()
    {
        await using WebApplication failing = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(Connections);
            builder.Services.AddHostedService<FailingService>();
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        int failed = await StartupConfiguration.RunToExitCodeAsync(failing, timeout.Token);

        Assert.False(timeout.IsCancellationRequested, "the failure stopped the host");
        Assert.Equal(1, failed);

        await using WebApplication stopped = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"],
            builder => builder.Configuration.AddInMemoryCollection(Connections));
        Task<int> running = StartupConfiguration.RunToExitCodeAsync(stopped);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (stopped.Lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(timeout.Token);
        await stopped.StopAsync(timeout.Token); // as SIGTERM does
        Assert.Equal(0, await running);
    }

    /// <summary>Fails once the host has started, as a consumer loop hitting a bug would.</summary>
    private sealed class FailingService(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            throw new InvalidOperationException("a bug");
        }
    }

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
