using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Core.Templates;

namespace Notify.Tests.Templates;

public sealed class NotificationTemplateTests
{
    private static readonly TemplateDocument Document = new("en", new Dictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>
    {
        ["en"] = new Dictionary<string, ChannelTemplate>
        {
            ["default"] = new(Title: "On its way", Body: "Order {{orderId}} is out for delivery with {{courier}}."),
            ["sms"] = new(Body: "Order {{orderId}}: {{courier}} is on the way."),
            ["email"] = new(Subject: "Order {{orderId}} & more", Html: "<p>Courier: {{courier}}</p>", Text: "Courier: {{courier}}"),
        },
        ["de"] = new Dictionary<string, ChannelTemplate>
        {
            ["default"] = new(Title: "Unterwegs", Body: "Bestellung {{orderId}} ist unterwegs."),
        },
        ["de-CH"] = new Dictionary<string, ChannelTemplate>
        {
            ["push"] = new(Title: "Unterwegs", Body: "Bestellig {{orderId}} isch unterwägs."),
        },
    });

    private static readonly NotificationTemplate Template = new("order.out_for_delivery", Document, 1);

    private static Dictionary<string, object?> Data(string json) => TemplateData.ToContext(JsonDocument.Parse(json).RootElement);

    [Theory]
    [InlineData("de-AT", Channel.Push, "de", "Bestellung o-1 ist unterwegs.")]
    [InlineData("de", Channel.Sms, "de", "Bestellung o-1 ist unterwegs.")]
    [InlineData("de-CH", Channel.Push, "de-CH", "Bestellig o-1 isch unterwägs.")]
    [InlineData("de-CH", Channel.Sms, "de", "Bestellung o-1 ist unterwegs.")]
    [InlineData("fr-FR", Channel.Sms, "en", "Order o-1: <Sam> & co is on the way.")]
    [InlineData(null, Channel.Push, "en", "Order o-1 is out for delivery with <Sam> & co.")]
    [InlineData("EN-gb", Channel.InApp, "en", "Order o-1 is out for delivery with <Sam> & co.")]
    public void The_users_locale_falls_back_to_its_language_then_the_default_locale(string? locale, Channel channel, string usedLocale, string body)
    {
        var texts = Template.Render(channel, locale, Data("""{"orderId":"o-1","courier":"<Sam> & co"}"""))!;

        Assert.Equal((usedLocale, body), (texts.Locale, texts.Body));
    }

    [Fact]
    public void Html_email_escapes_variables_while_its_subject_and_text_do_not()
    {
        var texts = Template.Render(Channel.Email, "en", Data("""{"orderId":"o-1","courier":"<script>alert(1)</script> & co"}"""))!;

        Assert.Equal("<p>Courier: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>", texts.Html);
        Assert.Equal("Order o-1 & more", texts.Title);
        Assert.Equal("Courier: <script>alert(1)</script> & co", texts.Body);
    }

    [Fact]
    public void A_locale_without_an_entry_for_the_channel_nor_a_default_falls_through()
    {
        var onlySms = new NotificationTemplate("x", new TemplateDocument("en", new Dictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>
        {
            ["en"] = new Dictionary<string, ChannelTemplate> { ["sms"] = new(Body: "hi") },
        }), 1);

        Assert.Null(onlySms.Render(Channel.Push, "en", Data("{}")));
        Assert.Equal("hi", onlySms.Render(Channel.Sms, "en", Data("{}"))!.Body);
    }

    [Fact]
    public void Analysis_names_the_field_that_does_not_compile_and_measures_sms()
    {
        var document = new TemplateDocument("en", new Dictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>
        {
            ["en"] = new Dictionary<string, ChannelTemplate>
            {
                ["push"] = new(Title: "Hi", Body: "{{#if x}}unclosed"),
                ["sms"] = new(Body: "Code {{code}} – valid 5 min"),
                ["email"] = new(Html: "<b>{{helperThatDoesNotExist code}}</b>"),
            },
        });

        var analysis = TemplateAnalysis.Of(document, maxSmsSegments: 1);

        Assert.Equal(["locales.en.email.html", "locales.en.email.subject", "locales.en.push.body"], analysis.Errors!.Keys.Order());
        var sms = Assert.Single(analysis.Sms);
        Assert.Equal(("Code  – valid 5 min", SmsEncoding.Ucs2, 1), (sms.Text, sms.Measure.Encoding, sms.Measure.Segments));
        Assert.Equal(["code"], analysis.Required[Channel.Sms]);
    }

    [Fact]
    public void Analysis_refuses_an_sms_text_over_the_segment_limit()
    {
        var document = new TemplateDocument("en", new Dictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>
        {
            ["en"] = new Dictionary<string, ChannelTemplate> { ["sms"] = new(Body: new string('a', 200) + " {{orderId}}") },
        });

        var analysis = TemplateAnalysis.Of(document, maxSmsSegments: 1);

        Assert.Contains("2 gsm-7 segments", Assert.Single(analysis.Errors!["locales.en.sms.body"]), StringComparison.Ordinal);
    }
}
