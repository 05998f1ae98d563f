using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.EndToEnd;

/// <summary>The end-to-end fixture on the AppHost: every resource running, the development key accepted, a killed replica down until its start command.</summary>
public sealed class NotifyStackFixtureTests(NotifyStackFixture stack) : IClassFixture<NotifyStackFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Ingest_accepts_a_notification_with_the_development_key_and_the_sandbox_answers()
    {
        using HttpResponseMessage accepted = await stack.Ingest.PostAsJsonAsync(
            "/v1/notifications",
            new { userId = "u1", type = "order.out_for_delivery", data = new { orderId = "o-42" } });
        using HttpResponseMessage messages = await stack.Sandbox.GetAsync("/sandbox/messages?userId=u1");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        string[] resources = ["nats", "redis", "postgres", "smtp", "sandbox", "ingest", "dispatcher"];
        Assert.Equal([1, 1, 1, 1, 1, 1, 2], resources.Select(r => stack.Snapshots.Instances(r).Count));
        Assert.All(resources.SelectMany(stack.Snapshots.Instances), instance => Assert.Equal(KnownResourceStates.Running, instance.Snapshot.State?.Text));
    }

    [Fact]
    public async Task Killed_dispatcher_stays_down_leaves_no_process_and_starts_again_with_its_start_command()
    {
        ServiceInstance dispatcher = stack.Dispatchers[1];
        int pid = dispatcher.ServiceProcessId();

        dispatcher.Kill();

        await Eventually.UntilAsync(() => KnownResourceStates.TerminalStates.Contains(dispatcher.Snapshot.State?.Text), Deadline, "the replica is recorded as stopped");
        Assert.False(IsAlive(pid));
        Assert.Equal(KnownResourceStates.Running, stack.Dispatchers[0].Snapshot.State?.Text);

        await dispatcher.RunCommandAsync(KnownResourceCommands.StartCommand);

        // The snapshot reads Running as soon as dotnet run is, before the service within it listens: ask the service itself.
        await Eventually.UntilAsync(async () => await AnswersHealthAsync(dispatcher), Deadline, "the restarted replica answers /health");
        int restarted = dispatcher.ServiceProcessId();
        Assert.NotEqual(pid, restarted);
        Assert.True(IsAlive(restarted));
    }

    private static async Task<bool> AnswersHealthAsync(ServiceInstance instance)
    {
        if (instance.Snapshot.State?.Text != KnownResourceStates.Running)
            return false;
        var own = new Uri(instance.Snapshot.EnvironmentVariables.Single(variable => variable.Name == "ASPNETCORE_URLS").Value!);
        try
        {
            using HttpResponseMessage health = await Http.GetAsync(new Uri(own, "/health"));
            return health.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
