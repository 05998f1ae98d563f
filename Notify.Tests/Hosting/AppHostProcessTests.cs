using System.Globalization;
using Notify.AppHost.Hosting;
using Notify.AppHost.Hosting.Internal;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

/// <summary>The AppHost executable itself: what <c>./dev.sh up</c> runs, on free ports and a scratch state directory.</summary>
[Collection(WholeStackCollection.Name)]
public sealed class AppHostProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>nats, redis, postgres, smtp, sandbox, ingest, dispatcher-0, dispatcher-1; and prometheus where it is installed.</summary>
    private static readonly int StackProcesses = PrometheusServer.IsInstalled() ? 9 : 8;

    [Fact]
    public async Task AppHost_runs_the_stack_restarts_a_crashed_dispatcher_and_stops_everything_on_ctrl_c()
    {
        await using var run = await AppHostRun.StartAsync();
        Assert.Contains(run.Output.Tail(400), line => line.StartsWith(
            $"  curl -s -X POST http://127.0.0.1:{run.IngestPort}/v1/notifications -H 'Authorization: Bearer notify-dev-key' -H 'Content-Type: application/json' -d '",
            StringComparison.Ordinal));
        Assert.Contains(run.Output.Tail(400), line => line.StartsWith("[dispatcher-1] ", StringComparison.Ordinal));
        Assert.Contains(run.Output.Tail(400), line => line.TrimStart().StartsWith("connection string: Host=127.0.0.1;", StringComparison.Ordinal));
        Assert.Equal(StackProcesses, run.Children().Count);

        int dispatcher = run.Children().Single(pid => ProcessTable.EnvironmentVariable(pid, "OTEL_RESOURCE_ATTRIBUTES") == "service.instance.id=dispatcher-1");
        Assert.True(PosixInterop.TrySignal(dispatcher, PosixInterop.SigKill));
        await Eventually.UntilAsync(
            () => run.Output.Tail(400).Any(line => line.StartsWith("[dispatcher-1] restarted as process ", StringComparison.Ordinal)),
            StartTimeout,
            "the AppHost restarts the crashed dispatcher");
        IReadOnlyList<int> children = run.Children();
        Assert.Equal(StackProcesses, children.Count);

        run.Process.Signal(PosixInterop.SigInt);

        Assert.True(await run.Process.WaitForExitAsync(StopTimeout, CancellationToken.None), "the AppHost exits after Ctrl-C");
        Assert.Equal(0, run.Process.ExitCode);
        Assert.All(children, pid => Assert.False(ProcessTable.IsAlive(pid), $"process {pid} is gone"));
        Assert.Empty(ProcessTable.UsingDirectory(run.StateDirectory));
        // Children's last lines may still be draining from their pipes when the AppHost reports, so look near the end;
        // and the AppHost's own last line may still be in its pipe when its exit is seen, so wait for it.
        await Eventually.UntilAsync(() => run.Output.Tail(50).Contains("[apphost] stopped"), StopTimeout,
            "the AppHost's last line says it stopped");
    }

    [Fact]
    public async Task Servers_and_services_die_with_a_crashed_AppHost()
    {
        await using var run = await AppHostRun.StartAsync();
        IReadOnlyList<int> children = run.Children();
        Assert.Equal(StackProcesses, children.Count);

        run.Process.Signal(PosixInterop.SigKill);

        await Eventually.UntilAsync(
            () => children.All(pid => !ProcessTable.IsAlive(pid)) && ProcessTable.UsingDirectory(run.StateDirectory).Count == 0,
            StopTimeout,
            "the parent-death signal kills every server and service of the killed AppHost");
    }

    private sealed class AppHostRun : IAsyncDisposable
    {
        private AppHostRun(ChildProcess process, OutputRing output, string stateDirectory, int ingestPort)
        {
            Process = process;
            Output = output;
            StateDirectory = stateDirectory;
            IngestPort = ingestPort;
        }

        public ChildProcess Process { get; }

        public OutputRing Output { get; }

        public string StateDirectory { get; }

        public int IngestPort { get; }

        /// <summary>The AppHost's child processes: every server and service (PostgreSQL's backends are the postmaster's).</summary>
        public IReadOnlyList<int> Children() => ProcessTable.ChildrenOf(Process.Id);

        public static async Task<AppHostRun> StartAsync()
        {
            string state = Path.Combine(Path.GetTempPath(), TestNames.Unique("notify_test_apphost"));
            var output = new OutputRing("apphost", 4000, observer: null);
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
                ?? ExecutableLocator.Find("dotnet", "dotnet-sdk-10.0");
            int ingestPort = FreePorts.Allocate();
            string[] arguments =
            [
                Path.Combine(AppContext.BaseDirectory, "Notify.AppHost.dll"),
                "--nats-port", Free(), "--nats-monitor-port", Free(), "--redis-port", Free(),
                "--postgres-port", Free(), "--smtp-port", Free(), "--state-dir", state,
                "--ingest-port", Text(ingestPort), "--sandbox-port", Free(), "--dispatcher-port", Text(FreePairStart()),
                "--prometheus-port", Free(),
            ];
            ChildProcess process = await ChildProcess.StartAsync(new LaunchCommand(dotnet, arguments), output);
            var run = new AppHostRun(process, output, state, ingestPort);
            try
            {
                await Eventually.UntilAsync(
                    () => process.HasExited || output.Contains("Press Ctrl-C to stop.", 4000),
                    StartTimeout,
                    "the AppHost reports that everything is running");
            }
            catch (TimeoutException timeout)
            {
                await run.DisposeAsync();
                throw new TimeoutException($"{timeout.Message}; its last output:{Environment.NewLine}{string.Join(Environment.NewLine, output.Tail(80))}", timeout);
            }
            Assert.False(process.HasExited, string.Join(Environment.NewLine, output.Tail(60)));
            return run;
        }

        public async ValueTask DisposeAsync()
        {
            Process.Signal(PosixInterop.SigKill);
            await Process.WaitForExitAsync(StopTimeout, CancellationToken.None);
            await Eventually.UntilAsync(() => ProcessTable.UsingDirectory(StateDirectory).Count == 0, StopTimeout);
            Process.Dispose();
            if (Directory.Exists(StateDirectory))
            {
                Directory.Delete(StateDirectory, recursive: true);
            }
        }

        private static string Free() => Text(FreePorts.Allocate());

        /// <summary>A free port whose successor is free too: the two dispatchers' ports.</summary>
        private static int FreePairStart()
        {
            while (true)
            {
                int port = FreePorts.Allocate();
                if (port < 65535 && FreePorts.IsAvailable(port + 1))
                {
                    return port;
                }
            }
        }

        private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
    }
}
