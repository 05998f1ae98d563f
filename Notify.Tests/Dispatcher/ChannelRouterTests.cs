using Notify.Core.Notifications;
using Notify.Core.Users;
using Notify.Dispatcher.Delivery;

namespace Notify.Tests.Dispatcher;

public sealed class ChannelRouterTests
{
    private static readonly ChannelRouter Router = new(new NotificationTypeCatalog());
    private static readonly UserContacts Everything = new("ann@example.com", "+447700900123", ["token-1"], "https://hooks.example.com/ann");

    private static NotificationEnvelope Notification(string type, Priority priority, IReadOnlyList<Channel>? channels = null) =>
        new(Guid.NewGuid(), "acme", "ann", type, priority, channels, null, DateTimeOffset.UtcNow);

    private static UserProfile Profile(UserContacts contacts, UserPreferences? preferences = null) =>
        new("acme", "ann", contacts, preferences ?? UserPreferences.Default);

    [Fact]
    public void Critical_follows_the_users_critical_order_with_the_inbox_alongside()
    {
        var plan = Router.Plan(Notification("order.out_for_delivery", Priority.Critical), Profile(Everything));
        Assert.Equal([Channel.Push, Channel.Sms, Channel.Email], plan.Chain);
        Assert.Equal([Channel.InApp], plan.Alongside);
    }

    [Fact]
    public void Channels_named_by_the_request_are_the_whole_chain()
    {
        var plan = Router.Plan(Notification("order.delivered", Priority.High, [Channel.Sms, Channel.Webhook]), Profile(Everything));
        Assert.Equal([Channel.Sms, Channel.Webhook], plan.Chain);
        Assert.Empty(plan.Alongside);
    }

    [Fact]
    public void A_channel_without_contact_is_skipped_with_the_reason()
    {
        var plan = Router.Plan(Notification("order.nearby", Priority.Critical), Profile(Everything with { PushTokens = [] }));
        Assert.Equal([Channel.Sms, Channel.Email], plan.Chain);
        Assert.Contains(plan.Skipped, s => s.Channel == Channel.Push && s.Reason == "no push contact");
    }

    [Fact]
    public void A_disabled_channel_is_skipped_unless_the_type_is_required()
    {
        var preferences = UserPreferences.Default with { DisabledChannels = [Channel.Push] };
        var promo = Router.Plan(Notification("promo.weekend", Priority.Low), Profile(Everything, preferences));
        Assert.DoesNotContain(Channel.Push, promo.Chain);
        var critical = Router.Plan(Notification("order.out_for_delivery", Priority.Critical), Profile(Everything, preferences));
        Assert.Contains(Channel.Push, critical.Chain);
    }

    [Fact]
    public void Opting_out_of_a_category_skips_it_but_not_required_types()
    {
        var preferences = UserPreferences.Default with { OptOuts = ["promo.*", "order.*"] };
        var promo = Router.Plan(Notification("promo.weekend", Priority.Low), Profile(Everything, preferences));
        Assert.Empty(promo.All);
        Assert.Contains(promo.Skipped, s => s.Reason.Contains("promo.*", StringComparison.Ordinal));
        var delivery = Router.Plan(Notification("order.out_for_delivery", Priority.Critical), Profile(Everything, preferences));
        Assert.NotEmpty(delivery.Chain);
    }

    // out_for_delivery goes to push and SMS at once unless the user or the request says otherwise.
    private static readonly ChannelRouter RoutingRouter = new(new NotificationTypeCatalog(
    [
        new("order.out_for_delivery", Priority.Critical, Required: true) { Routing = Routing.All, Channels = [Channel.Push, Channel.Sms] },
        new("order.*", Priority.Normal),
        new("promo.*", Priority.Low),
    ]));

    [Fact]
    public void Routing_all_sends_every_channel_alongside_and_chains_none()
    {
        var plan = Router.Plan(Notification("order.delivered", Priority.High, [Channel.Push, Channel.Sms]) with { Routing = Routing.All }, Profile(Everything));
        Assert.Equal(Routing.All, plan.Routing);
        Assert.Empty(plan.Chain);
        Assert.Equal([Channel.Push, Channel.Sms], plan.Alongside);
    }

    [Fact]
    public void The_catalogue_sets_the_routing_and_channels_of_a_type_the_request_and_user_leave_open()
    {
        var plan = RoutingRouter.Plan(Notification("order.out_for_delivery", Priority.Critical), Profile(Everything));
        Assert.Equal(Routing.All, plan.Routing);
        Assert.Equal([Channel.Push, Channel.Sms, Channel.InApp], plan.Alongside);

        var other = RoutingRouter.Plan(Notification("order.accepted", Priority.Normal), Profile(Everything));
        Assert.Equal(Routing.Fallback, other.Routing);
        Assert.Equal([Channel.Push, Channel.Email, Channel.Sms], other.Chain);
    }

    [Fact]
    public void The_request_beats_the_users_preference_which_beats_the_catalogue()
    {
        var oneAtATime = UserPreferences.Default with { Types = [new TypeChannelPreference("order.*", Routing: Routing.Fallback)] };
        var byPreference = RoutingRouter.Plan(Notification("order.out_for_delivery", Priority.Critical), Profile(Everything, oneAtATime));
        Assert.Equal(Routing.Fallback, byPreference.Routing);
        Assert.Equal([Channel.Push, Channel.Sms], byPreference.Chain);

        var byRequest = RoutingRouter.Plan(Notification("order.out_for_delivery", Priority.Critical) with { Routing = Routing.All }, Profile(Everything, oneAtATime));
        Assert.Equal(Routing.All, byRequest.Routing);

        var everything = UserPreferences.Default with { Types = [new TypeChannelPreference("order.*", Routing: Routing.All)] };
        var fromUser = RoutingRouter.Plan(Notification("order.accepted", Priority.Normal), Profile(Everything, everything));
        Assert.Equal(Routing.All, fromUser.Routing);
        Assert.Equal([Channel.Push, Channel.Email, Channel.Sms, Channel.InApp], fromUser.Alongside);
    }

    [Fact]
    public void An_entry_that_only_chooses_the_routing_keeps_the_categorys_channel_choice()
    {
        var preferences = UserPreferences.Default with
        {
            Types = [new TypeChannelPreference("promo.*", DisabledChannels: [Channel.Sms]), new TypeChannelPreference("promo.weekend", Routing: Routing.All)],
        };
        var plan = RoutingRouter.Plan(Notification("promo.weekend", Priority.Low), Profile(Everything, preferences));
        Assert.Equal(Routing.All, plan.Routing);
        Assert.DoesNotContain(Channel.Sms, plan.Alongside);
        Assert.Contains(plan.Skipped, s => s.Channel == Channel.Sms);
    }
}
