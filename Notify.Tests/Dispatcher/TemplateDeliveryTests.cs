using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Core.Templates;
using Notify.Core.Users;
using Notify.Ingest.Templates;
using NATS.Client.Core;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Dispatcher;

/// <summary>Tenants' templates rendered by the dispatcher, in the user's locale, through to the sandbox and SMTP.</summary>
public sealed class TemplateDeliveryTests(DispatcherHarness harness) : IClassFixture<DispatcherHarness>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static TemplateDocument Document(string smsEnglish) => new("en", new Dictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>
    {
        ["en"] = new Dictionary<string, ChannelTemplate>
        {
            ["sms"] = new(Body: smsEnglish),
            ["email"] = new(Subject: "Order {{orderId}} is on its way", Html: "<p>{{courier}} brings order <b>{{orderId}}</b>.</p>",
                Text: "{{courier}} brings order {{orderId}}."),
        },
        ["de"] = new Dictionary<string, ChannelTemplate>
        {
            ["default"] = new(Title: "Unterwegs", Body: "{{courier}} bringt Bestellung {{orderId}} – gleich da!"),
        },
    });

    private async Task SaveTemplateAsync(string type, TemplateDocument document)
    {
        var analysis = TemplateAnalysis.Of(document, maxSmsSegments: 3);
        Assert.Null(analysis.Errors);
        await new TemplateStore(harness.Services.GetRequiredService<Npgsql.NpgsqlDataSource>())
            .PutAsync(DispatcherHarness.Tenant, type, document, analysis.Variables, analysis.Required);
        await TemplateDirectory.AnnounceChangeAsync(harness.Services.GetRequiredService<INatsConnection>(), DispatcherHarness.Tenant, type);
    }

    private async Task<string> NewUserAsync(string? locale)
    {
        var userId = TestNames.Unique("user");
        await harness.SaveContactsAsync(userId, new UserContacts($"{userId}@example.com", "+447700900123", null, null) { Locale = locale });
        return userId;
    }

    [Fact]
    public async Task Sms_is_rendered_from_the_template_in_the_users_language_and_follows_a_change()
    {
        await SaveTemplateAsync("order.nearby", Document("{{courier}} is nearby with order {{orderId}}."));
        var austrian = await NewUserAsync("de-AT");
        var briton = await NewUserAsync("en-GB");
        var data = """{"orderId":"o-7","courier":"Jörg & Sam"}""";

        var first = DispatcherHarness.Notification(austrian, "order.nearby", channels: [Channel.Sms], data: data);
        var second = DispatcherHarness.Notification(briton, "order.nearby", channels: [Channel.Sms], data: data);
        await harness.PublishAsync(first);
        await harness.PublishAsync(second);

        var german = await Eventually.ValueAsync(async () => (await harness.Sandbox.Control.MessagesAsync(austrian, "sms")).FirstOrDefault(), Deadline, "German SMS");
        var english = await Eventually.ValueAsync(async () => (await harness.Sandbox.Control.MessagesAsync(briton, "sms")).FirstOrDefault(), Deadline, "English SMS");
        Assert.Equal("Jörg & Sam bringt Bestellung o-7 – gleich da!", german.Body);
        Assert.Equal("Jörg & Sam is nearby with order o-7.", english.Body);

        await SaveTemplateAsync("order.nearby", Document("Nearly there: {{courier}}, order {{orderId}}."));
        // The announcement and the next notification travel apart: wait until the dispatcher has dropped its copy.
        var directory = harness.Services.GetRequiredService<TemplateDirectory>();
        await Eventually.UntilAsync(async () => (await directory.GetAsync(DispatcherHarness.Tenant, "order.nearby"))?.Version == 2, Deadline,
            "the dispatcher sees the changed template");
        var afterChange = DispatcherHarness.Notification(briton, "order.nearby", channels: [Channel.Sms], data: data);
        await harness.PublishAsync(afterChange);
        var changed = await Eventually.ValueAsync(async () => (await harness.Sandbox.Control.MessagesAsync(briton, "sms"))
            .FirstOrDefault(m => m.IdempotencyKey == $"{afterChange.Id:N}-sms"), Deadline, "SMS after the change");
        Assert.Equal("Nearly there: Jörg & Sam, order o-7.", changed.Body);
    }

    [Fact]
    public async Task Email_carries_the_subject_and_escaped_html_beside_the_text_part()
    {
        await SaveTemplateAsync("order.out_for_delivery", Document("{{orderId}}"));
        var user = await NewUserAsync("en");
        var notification = DispatcherHarness.Notification(user, "order.out_for_delivery", channels: [Channel.Email],
            data: """{"orderId":"o-8","courier":"<Sam & Co>"}""");
        await harness.PublishAsync(notification);

        var mail = await Eventually.ValueAsync(() => harness.Infrastructure.Mailbox.ReadMessages()
            .FirstOrDefault(m => m.To?.Contains($"{user}@example.com", StringComparison.Ordinal) == true), Deadline, "mail in the maildir");
        Assert.Equal("Order o-8 is on its way", mail.Subject);
        Assert.StartsWith("multipart/alternative", mail.GetHeader("Content-Type"), StringComparison.OrdinalIgnoreCase);
        var parts = Parts(mail);
        Assert.Equal(["text/plain", "text/html"], parts.Select(p => p.Type));
        Assert.Equal("<Sam & Co> brings order o-8.", parts[0].Text.Trim());
        Assert.Equal("<p>&lt;Sam &amp; Co&gt; brings order <b>o-8</b>.</p>", parts[1].Text.Trim());
    }

    [Fact]
    public async Task A_template_deleted_through_the_api_stops_being_sent_and_the_built_in_wording_returns()
    {
        await SaveTemplateAsync("order.ready_for_pickup", Document("Pick up {{orderId}} at the counter."));
        var user = await NewUserAsync("en");
        var before = DispatcherHarness.Notification(user, "order.ready_for_pickup", channels: [Channel.Sms]);
        await harness.PublishAsync(before);
        var templated = await Eventually.ValueAsync(async () => (await harness.Sandbox.Control.MessagesAsync(user, "sms"))
            .FirstOrDefault(m => m.IdempotencyKey == $"{before.Id:N}-sms"), Deadline, "SMS from the template");
        Assert.Equal("Pick up o-42 at the counter.", templated.Body);

        // The API's library: the deletion is announced as a save is.
        var library = new TemplateLibrary(new TemplateStore(harness.Services.GetRequiredService<Npgsql.NpgsqlDataSource>()),
            new TemplateRequirementsIndex(), harness.Services.GetRequiredService<INatsConnection>(), NullLogger<TemplateLibrary>.Instance);
        Assert.True(await library.DeleteAsync(DispatcherHarness.Tenant, "order.ready_for_pickup", CancellationToken.None));
        var directory = harness.Services.GetRequiredService<TemplateDirectory>();
        await Eventually.UntilAsync(async () => await directory.GetAsync(DispatcherHarness.Tenant, "order.ready_for_pickup") is null, Deadline,
            "the dispatcher drops the deleted template");
        var after = DispatcherHarness.Notification(user, "order.ready_for_pickup", channels: [Channel.Sms]);
        await harness.PublishAsync(after);

        var builtIn = await Eventually.ValueAsync(async () => (await harness.Sandbox.Control.MessagesAsync(user, "sms"))
            .FirstOrDefault(m => m.IdempotencyKey == $"{after.Id:N}-sms"), Deadline, "SMS after the deletion");
        Assert.Equal("Your order o-42 is ready.", builtIn.Body);
    }

    [Fact]
    public async Task A_template_deleted_and_saved_anew_is_not_mistaken_for_the_old_one_of_the_same_version()
    {
        var store = new TemplateStore(harness.Services.GetRequiredService<Npgsql.NpgsqlDataSource>());
        var directory = harness.Services.GetRequiredService<TemplateDirectory>();
        await SaveTemplateAsync("order.delivered", Document("Old wording {{orderId}}."));
        await Eventually.UntilAsync(async () => (await directory.GetAsync(DispatcherHarness.Tenant, "order.delivered"))?.Version == 1, Deadline,
            "the dispatcher holds version 1");

        // Deleted and saved again while the dispatcher read nothing in between: version 1 again, other texts.
        Assert.True(await store.DeleteAsync(DispatcherHarness.Tenant, "order.delivered"));
        await SaveTemplateAsync("order.delivered", Document("New wording {{orderId}}."));

        var context = TemplateData.ToContext(System.Text.Json.JsonDocument.Parse("""{"orderId":"o-12"}""").RootElement);
        await Eventually.UntilAsync(async () => (await directory.GetAsync(DispatcherHarness.Tenant, "order.delivered"))?
            .Render(Channel.Sms, "en", context)?.Body == "New wording o-12.", Deadline, "the dispatcher renders the new template");
    }

    /// <summary>The text parts of a message, in order: media type and decoded text.</summary>
    private static List<(string Type, string Text)> Parts(ReceivedMail mail) =>
        mail.Message.BodyParts.OfType<MimeKit.TextPart>().Select(p => (p.ContentType.MimeType, p.Text)).ToList();

}
