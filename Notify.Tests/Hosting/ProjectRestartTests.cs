using Notify.AppHost.Hosting;
using Notify.AppHost.Hosting.Internal;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

/// <summary>Restart-on-crash: what the AppHost does for a crashed service, and what tests turn off.</summary>
public sealed class ProjectRestartTests
{
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Long enough for a restart that was going to happen to have begun (its first delay, twice over).</summary>
    private static readonly TimeSpan PastFirstRestartDelay = RestartBackoff.Initial * 2;

    [Fact]
    public async Task Crashed_project_is_restarted_on_its_port_when_restart_on_crash_is_on()
    {
        await using var service = new ProjectResource(EchoService.Options("crashy") with { RestartOnCrash = true });
        await service.StartAsync();
        int crashedPid = service.ProcessId!.Value;
        int port = service.Port;

        Crash(crashedPid);

        await Eventually.UntilAsync(() => service.ProcessId is { } pid && pid != crashedPid, RestartTimeout, "the service is restarted");
        int restartedPid = service.ProcessId!.Value;
        Assert.True(service.IsRunning);
        Assert.Equal(port, service.Port);
        Assert.Equal($"http://127.0.0.1:{port}", (await EchoService.EnvironmentOfAsync(service))["ASPNETCORE_URLS"]);
        IReadOnlyList<string> output = service.RecentOutput(400);
        Assert.Contains($"process {crashedPid} exited unexpectedly with code 137", output);
        Assert.Contains("restarting in 1 s", output);
        Assert.Contains($"restarted as process {restartedPid}", output);
    }

    [Fact]
    public async Task Deliberately_killed_project_is_not_restarted()
    {
        await using var service = new ProjectResource(EchoService.Options("killed-on-purpose") with { RestartOnCrash = true });
        await service.StartAsync();
        int pid = service.ProcessId!.Value;

        await service.KillAsync();
        await Task.Delay(PastFirstRestartDelay);

        Assert.False(service.IsRunning);
        Assert.False(ProcessTable.IsAlive(pid));
        Assert.DoesNotContain(service.RecentOutput(400), line => line.StartsWith("restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Crashed_project_stays_down_when_restart_on_crash_is_off()
    {
        await using var service = new ProjectResource(EchoService.Options("left-down"));
        await service.StartAsync();
        int pid = service.ProcessId!.Value;

        Crash(pid);
        await Eventually.UntilAsync(() => !service.IsRunning, RestartTimeout, "the crash is noticed");
        await Task.Delay(PastFirstRestartDelay);

        Assert.False(service.IsRunning);
        Assert.Contains($"process {pid} exited unexpectedly with code 137", service.RecentOutput(400));
        Assert.DoesNotContain(service.RecentOutput(400), line => line.StartsWith("restart", StringComparison.Ordinal));
    }

    [Fact]
    public void Restart_delay_doubles_while_crashes_continue_and_resets_after_a_stable_run()
    {
        var backoff = new RestartBackoff();
        TimeSpan brief = TimeSpan.FromSeconds(2);

        TimeSpan[] delays = [.. Enumerable.Range(0, 7).Select(_ => backoff.Next(brief))];

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays.Select(delay => delay.TotalSeconds));
        Assert.Equal(RestartBackoff.Initial, backoff.Next(RestartBackoff.StableAfter));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Next(TimeSpan.Zero));
    }

    /// <summary>A crash the resource did not ask for: SIGKILL from outside, as the OOM killer would send it.</summary>
    private static void Crash(int pid) => Assert.True(PosixInterop.TrySignal(pid, PosixInterop.SigKill));
}
