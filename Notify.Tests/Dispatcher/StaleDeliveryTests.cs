using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using StackExchange.Redis;

namespace Notify.Tests.Dispatcher;

/// <summary>A dispatcher with a short ack wait, so that a message can wait past it before its first delivery.</summary>
public sealed class ShortAckWaitHarness : DispatcherHarness
{
    /// <summary>The dispatch consumers' ack wait.</summary>
    public static readonly TimeSpan AckWait = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Notify:Streams:AckWait", AckWait.ToString("c"))];
}

/// <summary>
/// JetStream redelivers a message once its ack wait passes, whether or not the replica it went to still has it waiting
/// in its buffer; that replica's copy then comes to its first attempt after another replica may have sent it.
/// </summary>
public sealed class StaleDeliveryTests(ShortAckWaitHarness harness) : IClassFixture<ShortAckWaitHarness>
{
    [Fact]
    public async Task A_first_delivery_older_than_the_ack_wait_is_not_sent_when_another_replica_already_sent_it()
    {
        var user = await harness.NewUserAsync();
        var update = DispatcherHarness.Notification(user, "order.out_for_delivery", Priority.High, channels: [Channel.Push]);
        var redis = harness.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        // What another replica leaves once it sent the redelivered copy.
        await redis.StringSetAsync($"notify:sent:{update.Id:N}:push", "projects/p/messages/sent-elsewhere", TimeSpan.FromMinutes(5));

        await harness.StopReplicaAsync(0);
        await harness.PublishAsync(update);
        await Task.Delay(ShortAckWaitHarness.AckWait + TimeSpan.FromSeconds(1)); // the message ages past the ack wait before anyone takes it
        await harness.StartReplicaAsync();

        var stored = await harness.WaitForAsync(update.Id, d => d.Notification.Status == NotificationStatus.Sent, "recorded sent");
        Assert.Equal("projects/p/messages/sent-elsewhere", stored.Deliveries.Single(d => d.Channel == Channel.Push).ProviderMessageId);
        Assert.Empty(await harness.Sandbox.Control.MessagesAsync(user, "push"));
    }
}
