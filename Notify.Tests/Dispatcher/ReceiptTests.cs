using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Core.Users;
using Notify.Sandbox.Records;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Dispatcher;

/// <summary>A dispatcher that retries receipts after a fifth of a second.</summary>
public sealed class ReceiptHarness : DispatcherHarness
{
    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Notify:Receipts:BaseDelay", "00:00:00.2"),
        new("Notify:Receipts:MaxDelay", "00:00:01"),
    ];
}

/// <summary>Delivery receipts: every status change of a tenant's notifications POSTed, signed, to its status webhook.</summary>
public sealed class ReceiptTests(ReceiptHarness harness) : IClassFixture<ReceiptHarness>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_tenants_webhook_receives_signed_receipts_of_sent_and_failed_deliveries()
    {
        var (tenant, endpoint, secret) = await RegisterAsync();
        var user = TestNames.Unique("user");
        await harness.Services.GetRequiredService<UserDirectory>()
            .SaveContactsAsync(tenant, user, new UserContacts(null, null, [$"token-{user}"], null));

        var sent = DispatcherHarness.Notification(user, "order.nearby", channels: [Channel.Push]) with { Tenant = tenant };
        var unreachable = DispatcherHarness.Notification(user, "order.nearby", channels: [Channel.Sms]) with { Tenant = tenant }; // no phone
        var rejected = DispatcherHarness.Notification(user, "order.nearby", channels: [Channel.Push]) with { Tenant = tenant, Id = NotificationIds.New() };
        await harness.PublishAsync(sent);
        await harness.PublishAsync(unreachable);
        await harness.Services.GetRequiredService<UserDirectory>()
            .SaveContactsAsync(tenant, $"{user}-invalid", new UserContacts(null, null, [$"invalid-{user}"], null));
        await harness.PublishAsync(rejected with { UserId = $"{user}-invalid" });

        var receipts = await Eventually.ValueAsync(async () =>
        {
            var all = await harness.Sandbox.Control.MessagesAsync(channel: "webhook", to: endpoint);
            var read = all.Select(Read).ToList();
            return read.Any(r => r.Id == sent.Id && r.Status == "sent" && r.Channel == "push")
                && read.Any(r => r.Id == rejected.Id && r.Status == "failed" && r.Channel == "push")
                && read.Any(r => r.Id == rejected.Id && r.Status == "dead_lettered")
                && read.Any(r => r.Id == unreachable.Id && r.Status == "skipped") ? all : null;
        }, Deadline, "receipts of the sent, failed, dead-lettered and skipped notifications");

        Assert.All(receipts, r => Assert.True(SignedWith(secret, r), $"receipt {r.IdempotencyKey} is signed with the tenant's secret"));
        Assert.Equal(receipts.Count, receipts.Select(r => r.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task Receipts_the_webhook_refuses_are_retried_until_it_takes_them()
    {
        var (tenant, endpoint, _) = await RegisterAsync();
        var user = TestNames.Unique("user");
        await harness.Services.GetRequiredService<UserDirectory>().SaveContactsAsync(tenant, user, new UserContacts(null, null, [$"token-{user}"], null));
        var fault = await harness.Sandbox.Control.AddFaultAsync(new { channel = "webhook", to = endpoint, statusCode = 503 });
        var notification = DispatcherHarness.Notification(user, "order.nearby", channels: [Channel.Push]) with { Tenant = tenant };
        await harness.PublishAsync(notification);

        await Eventually.UntilAsync(async () =>
            (await harness.JetStream.GetConsumerAsync(Subjects.ReceiptStream, Subjects.ReceiptConsumer)).Info.NumRedelivered > 0,
            Deadline, "the refused receipts delivered again");
        Assert.Empty(await harness.Sandbox.Control.MessagesAsync(channel: "webhook", to: endpoint));
        await harness.Sandbox.Control.RemoveFaultAsync(fault.Id);

        await Eventually.UntilAsync(async () => (await harness.Sandbox.Control.MessagesAsync(channel: "webhook", to: endpoint))
            .Select(Read).Any(r => r.Id == notification.Id && r.Status == "sent"), Deadline, "the sent receipt taken once the webhook is back");
    }

    private async Task<(string Tenant, string Endpoint, string Secret)> RegisterAsync()
    {
        var tenant = TestNames.Unique("rcpt");
        var endpoint = $"receipts-{tenant}";
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await harness.Services.GetRequiredService<StatusWebhookStore>()
            .PutAsync(new StatusWebhook(tenant, new Uri(harness.Sandbox.Address, $"/webhooks/{endpoint}").ToString(), secret, DateTimeOffset.UtcNow));
        return (tenant, endpoint, secret);
    }

    private static (Guid Id, string Status, string? Channel) Read(SandboxMessage message)
    {
        using var json = JsonDocument.Parse(message.Body!);
        var root = json.RootElement;
        return (root.GetProperty("notificationId").GetGuid(), root.GetProperty("status").GetString()!,
            root.TryGetProperty("channel", out var channel) ? channel.GetString() : null);
    }

    /// <summary>Standard Webhooks: v1, base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" under the secret's key.</summary>
    private static bool SignedWith(string secret, SandboxMessage message)
    {
        var headers = message.Headers!;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key,
            Encoding.UTF8.GetBytes($"{headers["webhook-id"]}.{headers["webhook-timestamp"]}.{message.Body}")));
        return headers["webhook-signature"].Split(' ').Contains(expected);
    }
}
