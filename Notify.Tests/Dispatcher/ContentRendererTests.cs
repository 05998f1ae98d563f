using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Dispatcher.Content;

namespace Notify.Tests.Dispatcher;

public sealed class ContentRendererTests
{
    private static NotificationEnvelope Notification(string type, string? data, string? orderId = null) =>
        new(Guid.NewGuid(), "acme", "ann", type, Priority.Critical, null,
            data is null ? null : JsonDocument.Parse(data).RootElement, DateTimeOffset.UtcNow) { OrderId = orderId };

    [Fact]
    public void Known_types_use_their_wording_with_the_order_id()
    {
        var content = new ContentRenderer().Render(Notification("order.out_for_delivery", null, "o-42"));
        Assert.Equal("On its way", content.Title);
        Assert.Equal("Your order o-42 is out for delivery.", content.Body);
    }

    [Fact]
    public void Title_and_body_in_the_data_win_and_are_filled_from_it()
    {
        var content = new ContentRenderer().Render(Notification("promo.weekend", """{"title":"50% off","body":"Hi {name}, this weekend only","name":"Ann"}"""));
        Assert.Equal("50% off", content.Title);
        Assert.Equal("Hi Ann, this weekend only", content.Body);
    }

    [Fact]
    public void Placeholders_are_filled_from_the_data()
    {
        var content = new ContentRenderer().Render(Notification("order.nearby", """{"orderId":"o-7","courier":"Sam"}"""));
        Assert.Equal("Your courier is nearby with order o-7.", content.Body);
    }
}
