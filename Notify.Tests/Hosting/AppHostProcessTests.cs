using Notify.AppHost.Hosting.Internal;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

/// <summary>The AppHost executable itself: what <c>./dev.sh up</c> runs, on free ports and a scratch state directory.</summary>
public sealed class AppHostProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AppHost_prints_endpoints_when_ready_and_stops_every_server_on_ctrl_c()
    {
        await using var run = await AppHostRun.StartAsync();
        Assert.Contains(run.Output.Tail(400), line => line.StartsWith("  ConnectionStrings__notifydb=Host=127.0.0.1;", StringComparison.Ordinal));
        Assert.Contains(run.Output.Tail(400), line => line.StartsWith("[nats] ", StringComparison.Ordinal));
        Assert.InRange(run.ServerProcesses().Count, 4, 100);

        run.Process.Signal(PosixInterop.SigInt);

        Assert.True(await run.Process.WaitForExitAsync(StopTimeout, CancellationToken.None), "the AppHost exits after Ctrl-C");
        Assert.Equal(0, run.Process.ExitCode);
        Assert.Empty(ProcessTable.UsingDirectory(run.StateDirectory));
        Assert.Contains("[apphost] stopped", run.Output.Tail(5));
    }

    [Fact]
    public async Task Servers_die_with_a_crashed_AppHost()
    {
        await using var run = await AppHostRun.StartAsync();
        Assert.InRange(run.ServerProcesses().Count, 4, 100);

        run.Process.Signal(PosixInterop.SigKill);

        await Eventually.UntilAsync(
            () => ProcessTable.UsingDirectory(run.StateDirectory).Count == 0,
            StopTimeout,
            "the parent-death signal kills every server of the killed AppHost");
    }

    private sealed class AppHostRun : IAsyncDisposable
    {
        private AppHostRun(ChildProcess process, OutputRing output, string stateDirectory)
        {
            Process = process;
            Output = output;
            StateDirectory = stateDirectory;
        }

        public ChildProcess Process { get; }

        public OutputRing Output { get; }

        public string StateDirectory { get; }

        /// <summary>nats, redis, aiosmtpd, the postmaster and its backends (not the AppHost, which names the directory too).</summary>
        public IReadOnlyList<int> ServerProcesses() =>
            ProcessTable.UsingDirectory(StateDirectory).Where(pid => pid != Process.Id).ToArray();

        public static async Task<AppHostRun> StartAsync()
        {
            string state = Path.Combine(Path.GetTempPath(), TestNames.Unique("notify_test_apphost"));
            var output = new OutputRing("apphost", 2000, observer: null);
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
                ?? ExecutableLocator.Find("dotnet", "dotnet-sdk-10.0");
            string[] arguments =
            [
                Path.Combine(AppContext.BaseDirectory, "Notify.AppHost.dll"),
                "--nats-port", Free(), "--nats-monitor-port", Free(), "--redis-port", Free(),
                "--postgres-port", Free(), "--smtp-port", Free(), "--state-dir", state,
            ];
            ChildProcess process = await ChildProcess.StartAsync(new LaunchCommand(dotnet, arguments), output);
            var run = new AppHostRun(process, output, state);
            await Eventually.UntilAsync(
                () => process.HasExited || output.Contains("Press Ctrl-C to stop.", 5),
                StartTimeout,
                "the AppHost reports that everything is running");
            Assert.False(process.HasExited, string.Join(Environment.NewLine, output.Tail(40)));
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

        private static string Free() => FreePorts.Allocate().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
