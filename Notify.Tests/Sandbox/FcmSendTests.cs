using System.Net;
using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Sandbox.Records;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Sandbox;

public sealed class FcmSendTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Sending_to_a_device_answers_the_message_name_and_records_notification_and_data()
    {
        string userId = TestNames.Unique("user");
        string token = TestNames.Unique("device");

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.FcmSend(
            $$$"""
            {"message":{"token":"{{{token}}}","notification":{"title":"Order 42","body":"Your courier is here."},
             "data":{"orderId":"42","status":"arrived"},"android":{"priority":"high"},"apns":{"headers":{"apns-priority":"10"} } },
             "validate_only":false}
            """,
            userId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string name = (await response.ReadJsonAsync()).GetProperty("name").GetString()!;
        Assert.Matches($"^projects/{ProviderRequests.Project}/messages/0:[0-9]+%[0-9a-f]{{16}}$", name);
        SandboxMessage recorded = Assert.Single(await sandbox.Control.MessagesAsync(userId: userId));
        Assert.Equal(name, recorded.Id);
        Assert.Equal(Channel.Push, recorded.Channel);
        Assert.Equal(token, recorded.To);
        Assert.Equal("Order 42", recorded.Title);
        Assert.Equal("Your courier is here.", recorded.Body);
        Assert.Equal(new Dictionary<string, string> { ["orderId"] = "42", ["status"] = "arrived" }, recorded.Data);
    }

    [Fact]
    public async Task A_topic_message_is_recorded_to_the_topic()
    {
        string userId = TestNames.Unique("user");

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.FcmSend("""{"message":{"topic":"promotions","data":{"k":"v"}}}""", userId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/topics/promotions", Assert.Single(await sandbox.Control.MessagesAsync(userId: userId)).To);
    }

    [Fact]
    public async Task A_request_without_a_bearer_token_answers_401_UNAUTHENTICATED()
    {
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.FcmSend("""{"message":{"token":"t"}}""", bearer: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonElement error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal(401, error.GetProperty("code").GetInt32());
        Assert.Equal("UNAUTHENTICATED", error.GetProperty("status").GetString());
        Assert.StartsWith("Request is missing required authentication credential.", error.GetProperty("message").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task With_an_access_token_configured_any_other_token_answers_401()
    {
        await using SandboxFixture strict = await SandboxFixture.StartAsync(builder => builder.Configuration["Sandbox:Fcm:AccessToken"] = "ya29.the-one");

        using HttpResponseMessage refused = await strict.Http.SendAsync(ProviderRequests.FcmSend("""{"message":{"token":"t"}}""", bearer: "ya29.another"));
        using HttpResponseMessage accepted = await strict.Http.SendAsync(ProviderRequests.FcmSend("""{"message":{"token":"t"}}""", bearer: "ya29.the-one"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("Request had invalid authentication credentials.", (await refused.ReadJsonAsync()).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Theory]
    [InlineData("""{"message":{"token":"t","data":{"orderId":"42","count":3}}}""", "Invalid value at 'message.data[1].value' (TYPE_STRING), 3", "message.data[1].value")]
    [InlineData("""{"message":{"token":"t","data":{"flag":true}}}""", "Invalid value at 'message.data[0].value' (TYPE_STRING), true", "message.data[0].value")]
    [InlineData("""{"message":{"token":"t","notification":{"title":7}}}""", "Invalid value at 'message.notification.title' (TYPE_STRING), 7", "message.notification.title")]
    [InlineData("""{"message":{"token":"t","tokne":"x"}}""", "Invalid JSON payload received. Unknown name \"tokne\" at 'message': Cannot find field.", "message")]
    [InlineData("""{"message":{"token":"t","topic":"news"}}""", "Invalid value (oneof), oneof field 'target' is already set. Cannot set 'topic'", "message")]
    public async Task Malformed_messages_answer_400_INVALID_ARGUMENT_naming_the_field(string json, string message, string field)
    {
        string userId = TestNames.Unique("user");

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.FcmSend(json, userId));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("status").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        JsonElement violation = error.GetProperty("details").EnumerateArray()
            .Single(detail => detail.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest")
            .GetProperty("fieldViolations")[0];
        Assert.Equal(field, violation.GetProperty("field").GetString());
        Assert.Empty(await sandbox.Control.MessagesAsync(userId: userId));
        Assert.Equal(1, (await sandbox.Control.StatsAsync(userId)).Channels[Channel.Push].Rejected);
    }

    [Theory]
    [InlineData("""{"message":{"notification":{"title":"t"}}}""")]
    [InlineData("""{"validate_only":false}""")]
    public async Task A_message_without_token_topic_or_condition_answers_recipient_not_set(string json)
    {
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.FcmSend(json));

        await AssertFcmErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Recipient of the message is not set.");
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_answers_400_INVALID_ARGUMENT()
    {
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.FcmSend("""{"message":{"token":"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (await response.ReadJsonAsync()).GetProperty("error").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unregistered_device_answers_404_NOT_FOUND_with_FCM_error_code_UNREGISTERED()
    {
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Push("unregistered-" + TestNames.Unique("device")));

        Assert.Equal(
            """{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}""",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_invalid_token_answers_400_INVALID_ARGUMENT()
    {
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Push("invalid-" + TestNames.Unique("device")));

        await AssertFcmErrorAsync(
            response, HttpStatusCode.BadRequest, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token");
    }

    [Fact]
    public async Task Validate_only_answers_success_without_recording_a_message()
    {
        string userId = TestNames.Unique("user");

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.FcmSend("""{"message":{"token":"t"},"validate_only":true}""", userId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"projects/{ProviderRequests.Project}/messages/fake_message_id", (await response.ReadJsonAsync()).GetProperty("name").GetString());
        Assert.Empty(await sandbox.Control.MessagesAsync(userId: userId));
        Assert.Equal(1, (await sandbox.Control.StatsAsync(userId)).Channels[Channel.Push].Validated);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_is_a_second_push_counted_as_a_duplicate()
    {
        // FCM HTTP v1 has no idempotency key: the same request twice puts two notifications on the phone.
        string userId = TestNames.Unique("user");
        string key = TestNames.Unique("key");
        string token = TestNames.Unique("device");

        using HttpResponseMessage first = await sandbox.Http.SendAsync(ProviderRequests.Push(token, userId, key));
        using HttpResponseMessage repeat = await sandbox.Http.SendAsync(ProviderRequests.Push(token, userId, key));

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.NotEqual((await first.ReadJsonAsync()).GetProperty("name").GetString(), (await repeat.ReadJsonAsync()).GetProperty("name").GetString());
        Assert.Equal([key, key], (await sandbox.Control.MessagesAsync(userId: userId)).Select(message => message.IdempotencyKey));
        TrafficCounts push = (await sandbox.Control.StatsAsync(userId)).Channels[Channel.Push];
        Assert.Equal((2, 2, 1), (push.Requests, push.Accepted, push.Duplicates));
    }

    private static async Task AssertFcmErrorAsync(HttpResponseMessage response, HttpStatusCode status, string canonical, string errorCode, string message)
    {
        Assert.Equal(status, response.StatusCode);
        JsonElement error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal((int)status, error.GetProperty("code").GetInt32());
        Assert.Equal(canonical, error.GetProperty("status").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        JsonElement fcmError = error.GetProperty("details").EnumerateArray()
            .Single(detail => detail.GetProperty("@type").GetString() == "type.googleapis.com/google.firebase.fcm.v1.FcmError");
        Assert.Equal(errorCode, fcmError.GetProperty("errorCode").GetString());
    }
}
