using System.Text.RegularExpressions;

namespace Notify.Tests.Hosting;

/// <summary>
/// The AppHost executable itself, as <c>./dev.sh up</c> runs it: the whole stack and the dashboard come up, the log
/// says where everything is, and a stop signal leaves no process of the run behind.
/// </summary>
[Collection(WholeStackCollection.Name)]
public sealed partial class AppHostProcessTests
{
    /// <summary>Eight processes compiling nothing but starting together on two busy cores.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>DCP stops the resources, then itself: up to about 40 s seen.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);

    private const int SigInt = 2;
    private const int SigTerm = 15;

    [Fact]
    public async Task AppHost_runs_the_stack_traces_a_notification_into_the_dashboard_and_SIGTERM_leaves_no_process()
    {
        string apiKey = Guid.NewGuid().ToString("N");
        await using AppHostRun run = AppHostRun.Start("--Notify:Ports:Free=true", "--Notify:Durable=false", $"--AppHost:DashboardApiKey={apiKey}");

        Match login = await run.WaitForLineAsync(LoginUrl(), StartTimeout);
        Match up = await run.WaitForLineAsync(NotifyIsUp(), StartTimeout);
        string ingest = up.Groups["ingest"].Value;
        await run.WaitForLineAsync(new Regex($"^\\s*curl -s -X POST {Regex.Escape(ingest)}/v1/notifications -H 'Authorization: Bearer notify-dev-key'"), StartTimeout);
        using (var http = new HttpClient())
            Assert.True((await http.GetAsync(login.Groups["url"].Value)).IsSuccessStatusCode, "the dashboard's login URL answers");

        await SendTheExampleNotificationAsync(new Uri(ingest));
        var dashboard = new Uri(login.Groups["dashboard"].Value);
        using (var telemetry = new DashboardTelemetry(dashboard, apiKey))
        {
            IReadOnlyList<DashboardTelemetry.Span> trace = await TraceReachingTheSandboxAsync(telemetry);
            Assert.Contains(trace, s => s.Service == "ingest" && s.Kind == ServerKind && s.Name.StartsWith("POST", StringComparison.Ordinal));
            Assert.Contains(trace, s => s.Service == "ingest" && s.Kind == ProducerKind);
            Assert.Contains(trace, s => s.Service == "dispatcher" && s.Kind == ConsumerKind);
            Assert.Contains(trace, s => s.Service == "dispatcher" && s.Kind == ClientKind);
            Assert.Contains(trace, s => s.Service == "sandbox" && s.Kind == ServerKind);
            await DashboardScreenshot.TakeIfAskedAsync(dashboard, login.Groups["url"].Value, trace[0].TraceId);
        }

        Assert.NotEmpty(run.Processes());

        run.Signal(SigTerm);

        await AssertStopsEverythingAsync(run);
    }

    [Fact]
    public async Task Ctrl_c_stops_the_servers_dcp_and_the_dashboard()
    {
        // Only the servers: Ctrl-C's path through the AppHost is the same, at a third of a whole stack's cost.
        await using AppHostRun run = AppHostRun.Start("--Notify:Ports:Free=true", "--Notify:Durable=false", "--Notify:ServersOnly=true");
        await run.WaitForLineAsync(LoginUrl(), StartTimeout);
        await run.WaitForLineAsync(new Regex("Distributed application started"), StartTimeout);
        Assert.NotEmpty(run.Processes());

        run.Signal(SigInt);

        await AssertStopsEverythingAsync(run);
    }

    [Theory]
    [InlineData("--Notify:Dispatchers=0", "error: Notify:Dispatchers must be between 1 and 32")]
    [InlineData("--Notify:Nats:Nodes=2", "error: Notify:Nats:Nodes must be 1 (one server) or 3 (a JetStream cluster), not 2.")]
    [InlineData("--Notify:Streams:Replicas=3", "error: Notify:Streams:Replicas must be between 1 and the NATS nodes (1), not 3.")]
    public async Task Bad_configuration_stops_the_AppHost_with_one_line_naming_the_key(string argument, string error)
    {
        await using AppHostRun run = AppHostRun.Start(argument);

        Assert.True(await run.WaitForExitAsync(StartTimeout), "the AppHost stops");

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.Output, l => !string.IsNullOrWhiteSpace(l));
        Assert.StartsWith(error, line, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // the local stack runs Debian's server programs
    public async Task A_nats_server_older_than_2_10_stops_the_AppHost_with_one_line_naming_it()
    {
        // Debian 12's nats-server is 2.9.10: this one only says so, first on PATH.
        DirectoryInfo bin = Directory.CreateTempSubdirectory("notify_test_old_nats_");
        try
        {
            string program = Path.Combine(bin.FullName, "nats-server");
            await File.WriteAllTextAsync(program, "#!/bin/sh\necho 'nats-server: v2.9.10'\n");
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            string path = $"{bin.FullName}:{Environment.GetEnvironmentVariable("PATH")}";
            await using AppHostRun run = AppHostRun.StartWith(new Dictionary<string, string> { ["PATH"] = path }, "--Notify:Ports:Free=true");

            Assert.True(await run.WaitForExitAsync(StartTimeout), "the AppHost stops");

            Assert.Equal(1, run.ExitCode);
            string line = Assert.Single(run.Output, l => !string.IsNullOrWhiteSpace(l));
            Assert.Equal($"error: nats-server 2.9.10 at {program} is older than 2.10: ./dev.sh up puts a newer one first on PATH", line);
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    // OTLP span kinds.
    private const int ServerKind = 2, ClientKind = 3, ProducerKind = 4, ConsumerKind = 5;

    /// <summary>The example user's contacts and the example notification, as the printed curl commands send them.</summary>
    private static async Task SendTheExampleNotificationAsync(Uri ingest)
    {
        using var http = new HttpClient { BaseAddress = ingest, DefaultRequestHeaders = { { "Authorization", "Bearer notify-dev-key" } } };
        using var contacts = new StringContent(Notify.AppHost.TryItCommands.ExampleContacts, System.Text.Encoding.UTF8, "application/json");
        (await http.PutAsync("v1/users/u1/contacts", contacts)).EnsureSuccessStatusCode();
        using var notification = new StringContent(Notify.AppHost.TryItCommands.ExampleRequest, System.Text.Encoding.UTF8, "application/json");
        (await http.PostAsync("v1/notifications", notification)).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The trace, as the dashboard has it, of a request to Ingest that reached the sandbox through a dispatcher. Each
    /// service exports its spans in batches of its own, so a trace fills in over a few seconds: this waits for the
    /// dispatcher's client span too, and at the deadline returns what it last saw for the assertions to name.
    /// </summary>
    private static async Task<IReadOnlyList<DashboardTelemetry.Span>> TraceReachingTheSandboxAsync(DashboardTelemetry telemetry)
    {
        DateTime deadline = DateTime.UtcNow + StartTimeout;
        IReadOnlyList<DashboardTelemetry.Span> seen = [];
        while (DateTime.UtcNow < deadline)
        {
            foreach (string traceId in await telemetry.TraceIdsOfAsync("sandbox"))
            {
                IReadOnlyList<DashboardTelemetry.Span> trace = await telemetry.TraceAsync(traceId);
                if (trace.Any(s => s.Service == "ingest") && trace.Any(s => s.Service == "dispatcher"))
                {
                    seen = trace;
                    if (trace.Any(s => s.Service == "dispatcher" && s.Kind == ClientKind))
                        return trace;
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return seen;
    }

    private static async Task AssertStopsEverythingAsync(AppHostRun run)
    {
        Assert.True(await run.WaitForExitAsync(StopTimeout), $"the AppHost exits after the signal:{Environment.NewLine}{run.Tail()}");
        // The AppHost's exit is not the end of its resources: DCP stops them and itself in the background.
        using var deadline = new CancellationTokenSource(StopTimeout);
        IReadOnlyList<string> left = run.Processes();
        while (left.Count > 0 && !deadline.IsCancellationRequested)
        {
            await Task.Delay(500, CancellationToken.None);
            left = run.Processes();
        }

        Assert.True(left.Count == 0, $"processes of the run are left:{Environment.NewLine}{string.Join(Environment.NewLine, left)}");
    }

    /// <summary>The dashboard's banner: <c>- Login URL:  http://127.0.0.1:PORT/login?t=TOKEN</c>.</summary>
    [GeneratedRegex(@"Login URL:\s+(?<url>(?<dashboard>http://[^/\s]+)/login\?t=[0-9a-f]+)")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"Notify is up\. Ingest: (?<ingest>http://[^/\s]+)/?\s+Ops console: http://")]
    private static partial Regex NotifyIsUp();
}
