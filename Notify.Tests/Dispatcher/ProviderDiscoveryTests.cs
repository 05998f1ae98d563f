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
}
