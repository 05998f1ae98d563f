using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Core.Templates;
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

    [Fact]
    public void A_missing_order_id_leaves_no_gap()
    {
        var content = new ContentRenderer().Render(Notification("order.out_for_delivery", """{"eta":5}"""));
        Assert.Equal("Your order is out for delivery.", content.Body);
    }

    [Fact]
    public void A_type_without_built_in_wording_is_told_by_its_name()
    {
        var content = new ContentRenderer().Render(Notification("promo.weekend_deal", null));
        Assert.Equal(("Weekend deal", "Weekend deal"), (content.Title, content.Body));
    }

    [Fact]
    public void The_built_in_wording_sent_is_the_template_the_api_shows_on_every_channel()
    {
        var data = """{"orderId":"o-9","courier":"Sam"}""";
        Assert.NotEmpty(BuiltInTemplates.Types);
        foreach (var type in BuiltInTemplates.Types)
        {
            var sent = new ContentRenderer().Render(Notification(type, data));
            var shown = new NotificationTemplate(type, BuiltInTemplates.Find(type)!, 0);
            foreach (var channel in Channels.All)
            {
                var texts = shown.Render(channel, "en-GB", TemplateData.ToContext(JsonDocument.Parse(data).RootElement))!;
                Assert.Equal(sent.Title, texts.Title);
                Assert.Equal(sent.Body, texts.Body);
            }
        }
    }
}
