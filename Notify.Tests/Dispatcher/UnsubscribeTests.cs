using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Core.Users;
using Notify.Tests.Infrastructure;
using Notify.Tests.Ingest;

namespace Notify.Tests.Dispatcher;

/// <summary>A dispatcher that signs one-click unsubscribe links, and an Ingest over the same database that honours them.</summary>
public sealed class UnsubscribeHarness : DispatcherHarness
{
    /// <summary>The unsubscribe settings both services share.</summary>
    public static readonly Dictionary<string, string?> Unsubscribe = new()
    {
        ["Notify:Unsubscribe:SigningKey"] = "unsubscribe-signing-key-for-tests",
        ["Notify:Unsubscribe:BaseUrl"] = "https://notify.example.com",
        ["Notify:Unsubscribe:Mailto"] = "unsubscribe@notify.example.com",
    };

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Unsubscribe;
}

public sealed partial class UnsubscribeTests(UnsubscribeHarness harness) : IClassFixture<UnsubscribeHarness>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_one_click_link_of_a_received_promotion_opts_the_user_out_of_its_category()
    {
        var user = await harness.NewUserAsync();
        var promo = DispatcherHarness.Notification(user, "promo.weekend", channels: [Channel.Email]);
        var required = DispatcherHarness.Notification(user, "order.cancelled", channels: [Channel.Email]);
        await harness.PublishAsync(promo);
        await harness.PublishAsync(required);
        var promoMail = await MailAsync(promo.Id);
        var requiredMail = await MailAsync(required.Id);

        var header = promoMail.GetHeader("List-Unsubscribe")!;
        Assert.Equal("List-Unsubscribe=One-Click", promoMail.GetHeader("List-Unsubscribe-Post"));
        Assert.Contains("<mailto:unsubscribe@notify.example.com?subject=unsubscribe%20", header, StringComparison.Ordinal);
        Assert.Null(requiredMail.GetHeader("List-Unsubscribe")); // required types cannot be opted out of
        var token = Link().Match(header).Groups["token"].Value;
        await using var ingest = await IngestTestHost.StartAsync(harness.Database.ConnectionString, UnsubscribeHarness.Unsubscribe);
        using var anonymous = ingest.CreateClient(apiKey: null);

        var page = await anonymous.GetAsync($"/v1/unsubscribe?token={token}");
        var post = await anonymous.PostAsync($"/v1/unsubscribe?token={token}",
            new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("promo.*", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var stored = await new UserStore(harness.Services.GetRequiredService<Npgsql.NpgsqlDataSource>()).GetPreferencesAsync(DispatcherHarness.Tenant, user);
        Assert.Equal(["promo.*"], stored!.OptOuts);
        var directory = harness.Services.GetRequiredService<UserDirectory>();
        await Eventually.UntilAsync(async () => (await directory.GetProfileAsync(DispatcherHarness.Tenant, user)).Preferences.OptOuts.Count == 1,
            Deadline, "the dispatcher sees the opt-out");
        var next = DispatcherHarness.Notification(user, "promo.flash_sale", channels: [Channel.Email]);
        await harness.PublishAsync(next);
        var skipped = await harness.WaitForAsync(next.Id, d => d.Notification.Status == NotificationStatus.Skipped, "the next promotion skipped");
        Assert.Contains(skipped.Deliveries, d => d.Reason == "user opted out of 'promo.*'");
    }

    [Fact]
    public async Task A_forged_token_is_refused_and_a_garbled_one_is_a_bad_request_naming_the_token()
    {
        await using var ingest = await IngestTestHost.StartAsync(harness.Database.ConnectionString, UnsubscribeHarness.Unsubscribe);
        using var anonymous = ingest.CreateClient(apiKey: null);
        var forger = new UnsubscribeTokens(new UnsubscribeOptions { SigningKey = "a-key-that-is-not-the-services", BaseUrl = "https://x" });
        var forged = forger.Create(new Unsubscription(DispatcherHarness.Tenant, "victim", "order.*"));

        var refused = await anonymous.PostAsync($"/v1/unsubscribe?token={forged}", new StringContent("List-Unsubscribe=One-Click"));
        var garbled = await anonymous.PostAsync("/v1/unsubscribe?token=not-a-token", new StringContent("List-Unsubscribe=One-Click"));

        await refused.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(["token"], (await garbled.ReadProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Null(await new UserStore(harness.Services.GetRequiredService<Npgsql.NpgsqlDataSource>()).GetPreferencesAsync(DispatcherHarness.Tenant, "victim"));
    }

    private Task<ReceivedMail> MailAsync(Guid notificationId) =>
        Eventually.ValueAsync(() => harness.Infrastructure.Mailbox.ReadMessages()
            .FirstOrDefault(m => m.GetHeader("X-Notify-Notification-Id") == notificationId.ToString()), Deadline, $"mail of {notificationId} received");

    [GeneratedRegex(@"<https://notify\.example\.com/v1/unsubscribe\?token=(?<token>[A-Za-z0-9_\-.]+)>")]
    private static partial Regex Link();
}
