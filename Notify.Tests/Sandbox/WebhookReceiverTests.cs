using System.Net;
using Notify.Core.Notifications;
using Notify.Sandbox;
using Notify.Sandbox.Records;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Sandbox;

public sealed class WebhookReceiverTests(WebhookReceiverTests.PartnerSandbox sandbox) : IClassFixture<WebhookReceiverTests.PartnerSandbox>
{
    /// <summary>The secret the sandbox is configured with for endpoint <c>partner</c>.</summary>
    public const string PartnerSecret = "whsec_cGFydG5lci1lbmRwb2ludC1zZWNyZXQtMDEyMzQ1Njc4OQ==";

    [Fact]
    public async Task A_delivery_signed_with_the_default_secret_is_recorded_as_valid_with_its_headers_and_body()
    {
        string userId = TestNames.Unique("user");
        string id = "msg_" + TestNames.Unique("w");
        string json = $$$"""{"type":"notification.delivered","userId":"{{{userId}}}","data":{"orderId":"42"}}""";

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Webhook("orders", json, SandboxOptions.SandboxWebhookSecret, id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SandboxMessage recorded = Assert.Single(await sandbox.Control.MessagesAsync(userId: userId));
        Assert.Equal(id, recorded.Id);
        Assert.Equal(Channel.Webhook, recorded.Channel);
        Assert.Equal("orders", recorded.To);
        Assert.Equal(json, recorded.Body);
        Assert.Equal(id, recorded.IdempotencyKey);
        Assert.True(recorded.SignatureValid);
        Assert.Equal(id, recorded.Headers!["webhook-id"]);
        Assert.StartsWith("v1,", recorded.Headers["webhook-signature"]);
        Assert.Equal("application/json; charset=utf-8", recorded.Headers["content-type"]);
    }

    [Fact]
    public async Task A_delivery_signed_with_another_secret_is_recorded_as_invalid()
    {
        string userId = TestNames.Unique("user");

        using HttpResponseMessage response = await sandbox.Http.SendAsync(
            ProviderRequests.Webhook("orders", """{"type":"x"}""", PartnerSecret, "msg_" + TestNames.Unique("w"), userId: userId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(Assert.Single(await sandbox.Control.MessagesAsync(userId: userId)).SignatureValid);
    }

    [Fact]
    public async Task An_endpoint_with_its_own_secret_verifies_deliveries_against_it()
    {
        string userId = TestNames.Unique("user");

        using HttpResponseMessage own = await sandbox.Http.SendAsync(
            ProviderRequests.Webhook("partner", """{"n":1}""", PartnerSecret, "msg_" + TestNames.Unique("w"), userId: userId));
        using HttpResponseMessage fallback = await sandbox.Http.SendAsync(
            ProviderRequests.Webhook("partner", """{"n":2}""", SandboxOptions.SandboxWebhookSecret, "msg_" + TestNames.Unique("w"), userId: userId));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fallback.StatusCode);
        Assert.Equal([true, false], (await sandbox.Control.MessagesAsync(userId: userId)).Select(message => message.SignatureValid));
    }

    [Fact]
    public async Task A_timestamp_more_than_five_minutes_away_invalidates_the_signature()
    {
        string userId = TestNames.Unique("user");

        using HttpResponseMessage stale = await sandbox.Http.SendAsync(ProviderRequests.Webhook(
            "orders", "{}", SandboxOptions.SandboxWebhookSecret, "msg_" + TestNames.Unique("w"), DateTimeOffset.UtcNow.AddMinutes(-6), userId));
        using HttpResponseMessage early = await sandbox.Http.SendAsync(ProviderRequests.Webhook(
            "orders", "{}", SandboxOptions.SandboxWebhookSecret, "msg_" + TestNames.Unique("w"), DateTimeOffset.UtcNow.AddMinutes(6), userId));
        using HttpResponseMessage recent = await sandbox.Http.SendAsync(ProviderRequests.Webhook(
            "orders", "{}", SandboxOptions.SandboxWebhookSecret, "msg_" + TestNames.Unique("w"), DateTimeOffset.UtcNow.AddMinutes(-4), userId));

        Assert.Equal([false, false, true], (await sandbox.Control.MessagesAsync(userId: userId)).Select(message => message.SignatureValid));
    }

    [Fact]
    public async Task One_matching_signature_among_several_suffices_as_during_a_secret_rotation()
    {
        string userId = TestNames.Unique("user");
        const string retired = "v1,Zm9yZ2VkLXNpZ25hdHVyZS0wMDAwMDAwMDAwMDAwMDAwMDA=";

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Webhook(
            "orders", "{}", SandboxOptions.SandboxWebhookSecret, "msg_" + TestNames.Unique("w"), userId: userId, extraSignatures: retired));

        Assert.True(Assert.Single(await sandbox.Control.MessagesAsync(userId: userId)).SignatureValid);
    }

    [Fact]
    public async Task A_delivery_without_signature_headers_is_recorded_as_invalid()
    {
        string userId = TestNames.Unique("user");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/orders") { Content = new StringContent("{}") };
        request.Headers.Add(ProviderCall.UserIdHeader, userId);

        using HttpResponseMessage response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SandboxMessage recorded = Assert.Single(await sandbox.Control.MessagesAsync(userId: userId));
        Assert.False(recorded.SignatureValid);
        Assert.Null(recorded.IdempotencyKey);
    }

    [Fact]
    public async Task A_repeated_webhook_id_is_a_duplicate_and_recorded_once()
    {
        string userId = TestNames.Unique("user");
        string id = "msg_" + TestNames.Unique("w");

        using HttpResponseMessage first = await sandbox.Http.SendAsync(ProviderRequests.Webhook("orders", "{}", SandboxOptions.SandboxWebhookSecret, id, userId: userId));
        using HttpResponseMessage retry = await sandbox.Http.SendAsync(ProviderRequests.Webhook("orders", "{}", SandboxOptions.SandboxWebhookSecret, id, userId: userId));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single(await sandbox.Control.MessagesAsync(userId: userId));
        TrafficCounts webhook = (await sandbox.Control.StatsAsync(userId)).Channels[Channel.Webhook];
        Assert.Equal((2, 1, 1), (webhook.Requests, webhook.Accepted, webhook.Duplicates));
    }

    [Fact]
    public async Task The_user_header_wins_over_a_userId_in_the_body()
    {
        string headerUser = TestNames.Unique("user");
        string bodyUser = TestNames.Unique("user");

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Webhook(
            "orders", $$"""{"userId":"{{bodyUser}}"}""", SandboxOptions.SandboxWebhookSecret, "msg_" + TestNames.Unique("w"), userId: headerUser));

        Assert.Single(await sandbox.Control.MessagesAsync(userId: headerUser));
        Assert.Empty(await sandbox.Control.MessagesAsync(userId: bodyUser));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_refused_with_a_problem_and_not_recorded()
    {
        string userId = TestNames.Unique("user");

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Webhook(
            "orders", "not json", SandboxOptions.SandboxWebhookSecret, "msg_" + TestNames.Unique("w"), userId: userId));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await sandbox.Control.MessagesAsync(userId: userId));
        Assert.Equal(1, (await sandbox.Control.StatsAsync(userId)).Channels[Channel.Webhook].Rejected);
    }

    /// <summary>A sandbox with its own secret for endpoint <c>partner</c>.</summary>
    public sealed class PartnerSandbox() : SandboxFixture(builder => builder.Configuration["Sandbox:WebhookSecrets:partner"] = PartnerSecret);
}
