using System.Diagnostics;
using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

public sealed class DeadLinkTests(NatsServerFixture fixture) : IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task Paused_server_is_detected_as_dead_and_the_client_reconnects_once_it_resumes()
    {
        var opts = ReconnectTests.FastReconnect(fixture.Server.ConnectionString!) with
        {
            PingInterval = TimeSpan.FromMilliseconds(200),
            MaxPingOut = 2,
            ConnectTimeout = TimeSpan.FromSeconds(1),
        };
        await using var connection = new NatsConnection(opts);
        var events = new ConnectionEvents(connection);
        await connection.ConnectAsync();
        string subject = TestNames.Unique("paused");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        int pid = fixture.Server.ProcessId!.Value;
        int opened = events.Count("opened");

        // A stopped process keeps its sockets open: only unanswered pings can tell the link is dead.
        await SignalAsync("STOP", pid);
        try
        {
            await Eventually.UntilAsync(() => connection.ConnectionState == NatsConnectionState.Reconnecting, TimeSpan.FromSeconds(10),
                "the client gives the link up after its pings go unanswered");
            Assert.Contains("did not answer", events.FirstError("disconnected")?.Message);
        }
        finally
        {
            await SignalAsync("CONT", pid);
        }

        await Eventually.UntilAsync(() => events.Count("opened") > opened && connection.ConnectionState == NatsConnectionState.Open,
            TimeSpan.FromSeconds(20), "the client reconnects once the server resumes");
        await connection.PublishAsync(subject, "alive".Utf8());
        Assert.Equal("alive", (await sub.NextAsync()).Text());
    }

    [Fact]
    public async Task Ping_to_a_paused_server_times_out_with_NatsTimeoutException()
    {
        var opts = ReconnectTests.FastReconnect(fixture.Server.ConnectionString!) with { RequestTimeout = TimeSpan.FromMilliseconds(300) };
        await using var connection = new NatsConnection(opts);
        await connection.ConnectAsync();
        int pid = fixture.Server.ProcessId!.Value;

        await SignalAsync("STOP", pid);
        try
        {
            await Assert.ThrowsAsync<NatsTimeoutException>(async () => await connection.PingAsync());
            await Assert.ThrowsAsync<NatsTimeoutException>(async () => await connection.FlushAsync());
        }
        finally
        {
            await SignalAsync("CONT", pid);
        }

        await connection.PingAsync();
    }

    /// <summary>Sends <paramref name="signal"/> and waits until it took effect: a signal is delivered asynchronously.</summary>
    private static async Task SignalAsync(string signal, int pid)
    {
        using (Process kill = Process.Start("kill", [$"-{signal}", pid.ToString()]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        bool stopping = signal == "STOP";
        await Eventually.UntilAsync(() => IsStopped(pid) == stopping, SharedNats.Deadline, $"SIG{signal} reached process {pid}");
    }

    /// <summary>The state letter of <c>/proc/&lt;pid&gt;/stat</c>, after the command name in parentheses: T is stopped.</summary>
    private static bool IsStopped(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
    }
}
