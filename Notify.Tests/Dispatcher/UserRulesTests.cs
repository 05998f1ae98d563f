using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Core.Users;
using Notify.Dispatcher.Telemetry;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Dispatcher;

/// <summary>What the user's settings and the per-user caps decide, through a real dispatcher.</summary>
public sealed class UserRulesTests(DispatcherHarness harness) : IClassFixture<DispatcherHarness>
{
    [Fact]
    public async Task Two_promotions_a_day_pass_the_third_is_skipped_as_capped_and_critical_still_goes()
    {
        long cappedCount = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DispatcherTelemetry.Name && instrument.Name == "notify.deliveries.skipped")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag is { Key: "notify.reason", Value: "capped" })
                    Interlocked.Add(ref cappedCount, value);
        });
        listener.Start();
        var user = await harness.NewUserAsync();
        for (var i = 0; i < 2; i++)
        {
            var promo = DispatcherHarness.Notification(user, "promo.weekend", channels: [Channel.Push]);
            await harness.PublishAsync(promo);
            await harness.WaitForAsync(promo.Id, d => d.Notification.Status == NotificationStatus.Sent, $"promotion {i + 1} sent");
        }

        var third = DispatcherHarness.Notification(user, "promo.flash_sale", channels: [Channel.Push]);
        await harness.PublishAsync(third);
        var capped = await harness.WaitForAsync(third.Id, d => d.Notification.Status == NotificationStatus.Skipped, "third promotion skipped");
        var critical = DispatcherHarness.Notification(user, "order.out_for_delivery", channels: [Channel.Push]);
        await harness.PublishAsync(critical);
        await harness.WaitForAsync(critical.Id, d => d.Notification.Status == NotificationStatus.Sent, "critical sent");

        Assert.Equal("capped: at most 2 promotional per day", capped.Notification.StatusReason);
        Assert.True(Interlocked.Read(ref cappedCount) >= 1, "the capped notification counts in the skipped metric");
        Assert.Equal(3, (await harness.Sandbox.Control.MessagesAsync(user, "push")).Count);
    }

    [Fact]
    public async Task A_category_limited_to_email_skips_push_with_the_reason_while_other_types_keep_push()
    {
        var user = await harness.NewUserAsync();
        await SavePreferencesAsync(user, new UserPreferences
        {
            Types = [new TypeChannelPreference("promo.*", OnlyChannels: [Channel.Email]), new TypeChannelPreference("account.*", DisabledChannels: [Channel.Sms])],
        });

        var promo = DispatcherHarness.Notification(user, "promo.weekend");
        await harness.PublishAsync(promo);
        var account = DispatcherHarness.Notification(user, "account.updated", channels: [Channel.Sms, Channel.Push]);
        await harness.PublishAsync(account);

        var promoStored = await harness.WaitForAsync(promo.Id, d => d.Deliveries.Any(x => x.Channel == Channel.Email && x.Status == StatusKind.Sent), "promotion by email");
        Assert.Contains(promoStored.Deliveries, d => d.Channel == Channel.Push && d.Status == StatusKind.Skipped && d.Reason == "channel disabled by the user for 'promo.*'");
        var accountStored = await harness.WaitForAsync(account.Id, d => d.Notification.Status == NotificationStatus.Sent, "account update sent");
        Assert.Contains(accountStored.Deliveries, d => d.Channel == Channel.Sms && d.Status == StatusKind.Skipped);
        Assert.Contains(accountStored.Deliveries, d => d.Channel == Channel.Push && d.Status == StatusKind.Sent);
        Assert.Empty(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
    }

    [Fact]
    public async Task A_required_type_ignores_the_opt_out_of_its_category_while_the_others_are_skipped()
    {
        var user = await harness.NewUserAsync();
        await SavePreferencesAsync(user, new UserPreferences { OptOuts = ["order.*"], DisabledChannels = [Channel.Push] });

        var required = DispatcherHarness.Notification(user, "order.out_for_delivery", channels: [Channel.Push]);
        await harness.PublishAsync(required);
        var optional = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Push]);
        await harness.PublishAsync(optional);

        await harness.WaitForAsync(required.Id, d => d.Notification.Status == NotificationStatus.Sent, "required type sent on push");
        var skipped = await harness.WaitForAsync(optional.Id, d => d.Notification.Status == NotificationStatus.Skipped, "opted-out type skipped");
        Assert.Contains(skipped.Deliveries, d => d.Reason == "user opted out of 'order.*'");
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
    }

    [Fact]
    public async Task An_unregistered_push_token_is_removed_and_the_next_token_receives_it()
    {
        var user = await harness.NewUserAsync();
        await harness.SaveContactsAsync(user, new UserContacts(null, null, [$"unregistered-{user}", $"token-{user}"], null));

        var notification = DispatcherHarness.Notification(user, "order.nearby", channels: [Channel.Push]);
        await harness.PublishAsync(notification);

        await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent to the live device");
        Assert.Equal([$"token-{user}"], (await harness.Sandbox.Control.MessagesAsync(user, "push")).Select(m => m.To));
        var contacts = await Eventually.ValueAsync(async () =>
            await new UserStore(harness.Services.GetRequiredService<Npgsql.NpgsqlDataSource>()).GetContactsAsync(DispatcherHarness.Tenant, user)
                is { PushTokens: [_] } c ? c : null, TimeSpan.FromSeconds(10), "the dead token removed");
        Assert.Equal([$"token-{user}"], contacts.PushTokens);
    }

    [Fact]
    public async Task A_user_whose_only_token_is_unregistered_loses_it_and_gets_the_next_channel()
    {
        var user = await harness.NewUserAsync(pushToken: $"unregistered-{TestNames.Unique("device")}");

        var notification = DispatcherHarness.Notification(user, "order.nearby", channels: [Channel.Push, Channel.Sms]);
        await harness.PublishAsync(notification);

        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent by sms");
        Assert.Contains(stored.Deliveries, d => d.Channel == Channel.Push && d.Status == StatusKind.Failed);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
        var profile = await harness.Services.GetRequiredService<UserDirectory>().GetProfileAsync(DispatcherHarness.Tenant, user);
        Assert.Empty(profile.Contacts.PushTokens ?? []);
    }

    private Task SavePreferencesAsync(string user, UserPreferences preferences) =>
        harness.Services.GetRequiredService<UserDirectory>().SavePreferencesAsync(DispatcherHarness.Tenant, user, preferences);
}
