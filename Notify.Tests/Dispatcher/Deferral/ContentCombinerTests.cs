using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Dispatcher.Content;

namespace Notify.Tests.Dispatcher.Deferral;

public sealed class ContentCombinerTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 11, 12, 0, 0, TimeSpan.Zero);
    private readonly ContentRenderer _renderer = new();

    private static NotificationEnvelope Update(string type, int second, string? orderId = "123", string? data = null) =>
        new(NotificationIds.New(), "acme", "u1", type, Priority.Normal, null, data is null ? null : JsonDocument.Parse(data).RootElement,
            Start.AddSeconds(second)) { OrderId = orderId };

    [Fact]
    public void Order_updates_read_as_one_sentence_in_the_order_they_were_accepted()
    {
        var batch = Update("order.accepted", 0) with { Merged = [Update("order.ready_for_pickup", 2), Update("order.preparing", 1)] };

        var content = ContentCombiner.Render(batch, _renderer.Render);

        Assert.Equal("Your order 123 was accepted, is being prepared and is ready.", content.Body);
        Assert.Equal("Ready for pickup", content.Title);
    }

    [Fact]
    public void Two_updates_are_joined_with_and()
    {
        var batch = Update("order.accepted", 0) with { Merged = [Update("order.preparing", 1)] };

        Assert.Equal("Your order 123 was accepted and is being prepared.", ContentCombiner.Render(batch, _renderer.Render).Body);
    }

    [Fact]
    public void Updates_with_their_own_text_keep_it_in_order()
    {
        var batch = Update("system.notice", 0, data: """{"body":"First."}""") with { Merged = [Update("system.notice", 1, data: """{"body":"Second."}""")] };

        Assert.Equal("First. Second.", ContentCombiner.Render(batch, _renderer.Render).Body);
    }

    [Fact]
    public void A_notification_without_merged_updates_renders_as_it_is()
    {
        var single = Update("order.accepted", 0);

        Assert.Equal(_renderer.Render(single), ContentCombiner.Render(single, _renderer.Render));
    }
}
