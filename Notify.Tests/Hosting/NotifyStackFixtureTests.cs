using System.Net;
using System.Net.Http.Json;
using Notify.AppHost.Hosting;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

/// <summary>The end-to-end fixture with the real services: all healthy, the development key accepted, a dispatcher killed and started again.</summary>
public sealed class NotifyStackFixtureTests(NotifyStackFixture fixture) : IClassFixture<NotifyStackFixture>
{
    [Fact]
    public async Task Ingest_accepts_a_notification_with_the_development_key_and_the_sandbox_answers()
    {
        using HttpResponseMessage accepted = await fixture.Ingest.PostAsJsonAsync(
            "/v1/notifications",
            new { userId = "u1", type = "order.out_for_delivery", data = new { orderId = "o-42" } });
        using HttpResponseMessage messages = await fixture.Sandbox.GetAsync("/sandbox/messages?userId=u1");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        Assert.All(fixture.Stack.Resources, resource => Assert.True(resource.IsRunning, resource.Name));
    }

    [Fact]
    public async Task Killed_dispatcher_stays_down_leaves_no_process_and_starts_again_on_its_port()
    {
        ProjectResource dispatcher = fixture.Dispatchers[1];
        int pid = dispatcher.ProcessId!.Value;
        int port = dispatcher.Port;

        await dispatcher.KillAsync();

        Assert.False(ProcessTable.IsAlive(pid));
        Assert.False(dispatcher.IsRunning);
        Assert.True(fixture.Dispatchers[0].IsRunning);

        await dispatcher.StartAsync();

        Assert.Equal(port, dispatcher.Port);
        Assert.True(dispatcher.IsRunning);
    }
}
