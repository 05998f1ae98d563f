using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Notifications;
using Notify.Core.Users;
using Notify.Dispatcher;
using Notify.Dispatcher.Channels;
using Notify.Dispatcher.Channels.Sms;
using Notify.Dispatcher.Content;
using Notify.Tests.Infrastructure;
using Notify.Tests.Sandbox;

namespace Notify.Tests.Dispatcher;

/// <summary>A provider's base URL may name a resource (<c>http://sandbox</c>): service discovery finds it.</summary>
public sealed class ProviderDiscoveryTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Twilio_at_http_sandbox_reaches_the_sandbox_named_by_services_sandbox_http_0()
    {
        await using var app = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:nats"] = "nats://127.0.0.1:4222",
                ["ConnectionStrings:redis"] = "127.0.0.1:6379",
                ["ConnectionStrings:notifydb"] = "Host=127.0.0.1;Database=notifydb",
                ["Notify:Providers:Twilio:BaseUrl"] = "http://sandbox",
                ["services:sandbox:http:0"] = sandbox.Address.ToString(),
            }));
        var sender = ActivatorUtilities.CreateInstance<TwilioSmsSender>(app.Services);
        var user = TestNames.Unique("discovered");
        var request = new DeliveryRequest(DispatcherHarness.Notification(user, channels: [Channel.Sms]),
            new UserContacts(null, "+447700900123", null, null), new DeliveryContent("", "Your order is on its way."), Channel.Sms);

        var outcome = await sender.SendAsync(request, CancellationToken.None);

        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.Single(await sandbox.Control.MessagesAsync(user, "sms"));
    }

    [Fact]
    public async Task A_request_past_the_standard_timeout_is_a_transient_failure_not_an_exception()
    {
        var user = TestNames.Unique("slow");
        await using var app = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:nats"] = "nats://127.0.0.1:4222",
                ["ConnectionStrings:redis"] = "127.0.0.1:6379",
                ["ConnectionStrings:notifydb"] = "Host=127.0.0.1;Database=notifydb",
                ["Notify:Providers:Twilio:BaseUrl"] = sandbox.Address.ToString(),
                ["HttpClientDefaults:Timeout"] = "00:00:00.200",
            }));
        await sandbox.Control.AddFaultAsync(new { channel = "sms", userId = user, latencyMs = 5_000 });
        var sender = ActivatorUtilities.CreateInstance<TwilioSmsSender>(app.Services);
        var request = new DeliveryRequest(DispatcherHarness.Notification(user, channels: [Channel.Sms]),
            new UserContacts(null, "+447700900124", null, null), new DeliveryContent("", "Your order is on its way."), Channel.Sms);

        var outcome = await sender.SendAsync(request, CancellationToken.None);

        Assert.Equal((SendResult.Transient, "timed out"), (outcome.Result, outcome.Error));
    }
}
