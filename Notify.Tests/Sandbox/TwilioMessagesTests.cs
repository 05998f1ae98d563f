using System.Globalization;
using System.Net;
using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Sandbox.Records;
using Notify.Sandbox.Sms;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Sandbox;

public sealed class TwilioMessagesTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Sending_an_sms_answers_201_with_Twilio_message_resource_and_records_it_for_the_user()
    {
        string userId = TestNames.Unique("user");
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550100", "Your order is on its way.", userId));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonElement message = await response.ReadJsonAsync();
        string sid = message.GetProperty("sid").GetString()!;
        Assert.Matches("^SM[0-9a-f]{32}$", sid);
        Assert.Equal(ProviderRequests.AccountSid, message.GetProperty("account_sid").GetString());
        Assert.Equal("+14155550100", message.GetProperty("to").GetString());
        Assert.Equal(TwilioMagicNumbers.ValidSender, message.GetProperty("from").GetString());
        Assert.Equal("Your order is on its way.", message.GetProperty("body").GetString());
        Assert.Equal("queued", message.GetProperty("status").GetString());
        Assert.Equal("outbound-api", message.GetProperty("direction").GetString());
        Assert.Equal("1", message.GetProperty("num_segments").GetString());
        Assert.Equal("2010-04-01", message.GetProperty("api_version").GetString());
        Assert.Equal($"/2010-04-01/Accounts/{ProviderRequests.AccountSid}/Messages/{sid}.json", message.GetProperty("uri").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("price").ValueKind);
        Assert.Equal(JsonValueKind.Null, message.GetProperty("error_code").ValueKind);
        Assert.Equal(JsonValueKind.Null, message.GetProperty("date_sent").ValueKind);
        DateTimeOffset created = DateTimeOffset.ParseExact(
            message.GetProperty("date_created").GetString()!, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture);
        Assert.InRange(created, before, DateTimeOffset.UtcNow.AddSeconds(1));

        SandboxMessage recorded = Assert.Single(await sandbox.Control.MessagesAsync(userId: userId));
        Assert.Equal(sid, recorded.Id);
        Assert.Equal(Channel.Sms, recorded.Channel);
        Assert.Equal("+14155550100", recorded.To);
        Assert.Equal("Your order is on its way.", recorded.Body);
        Assert.Equal(TwilioMagicNumbers.ValidSender, recorded.Data!["from"]);
    }

    [Fact]
    public async Task A_messaging_service_stands_in_for_the_sender_and_the_message_is_accepted()
    {
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.TwilioSend(
            [new("To", "+14155550101"), new("MessagingServiceSid", "MG" + new string('0', 32)), new("Body", "Hi"), new("StatusCallback", "http://127.0.0.1:1/status")]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonElement message = await response.ReadJsonAsync();
        Assert.Equal("accepted", message.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("from").ValueKind);
        Assert.Equal("MG" + new string('0', 32), message.GetProperty("messaging_service_sid").GetString());
    }

    [Theory]
    [InlineData(160, 'a', "1")]
    [InlineData(161, 'a', "2")]
    [InlineData(306, 'a', "2")]
    [InlineData(307, 'a', "3")]
    [InlineData(80, '€', "1")]
    [InlineData(70, 'ж', "1")]
    [InlineData(71, 'ж', "2")]
    public async Task Segments_are_counted_as_GSM_7_or_UCS_2_concatenation(int length, char character, string segments)
    {
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550102", new string(character, length)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(segments, (await response.ReadJsonAsync()).GetProperty("num_segments").GetString());
    }

    [Theory]
    [InlineData(null, AuthTokenFor.Right, "no Authorization header")]
    [InlineData(ProviderRequests.AccountSid, AuthTokenFor.Wrong, "a wrong auth token")]
    [InlineData("ACother0000000000000000000000000000", AuthTokenFor.Right, "another account as user")]
    public async Task Refused_credentials_answer_401_with_Twilio_error_20003(string? user, AuthTokenFor token, string because)
    {
        string userId = TestNames.Unique("user");
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.TwilioSend(
            [new("To", "+14155550103"), new("From", TwilioMagicNumbers.ValidSender), new("Body", "Hi")],
            userId,
            basicUser: user,
            basicPassword: token == AuthTokenFor.Right ? ProviderRequests.AuthToken : "not-the-token"));

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, because);
        Assert.Equal("""{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(await sandbox.Control.MessagesAsync(userId: userId));
        Assert.Equal(1, (await sandbox.Control.StatsAsync(userId)).Channels[Channel.Sms].Rejected);
    }

    [Fact]
    public async Task An_account_in_the_path_other_than_the_authenticated_one_answers_401()
    {
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.TwilioSend(
            [new("To", "+14155550104"), new("From", TwilioMagicNumbers.ValidSender), new("Body", "Hi")],
            accountSid: "ACother0000000000000000000000000000"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(20003, (await response.ReadJsonAsync()).GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("0612345678", 21211, "The 'To' number 0612345678 is not a valid phone number.")]
    [InlineData("+1 415 555 0100", 21211, "The 'To' number +1 415 555 0100 is not a valid phone number.")]
    [InlineData(TwilioMagicNumbers.Invalid, 21211, "The 'To' number +15005550001 is not a valid phone number.")]
    [InlineData(TwilioMagicNumbers.Unroutable, 21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number: +15005550006 via SMS.")]
    [InlineData(TwilioMagicNumbers.NoInternationalPermission, 21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003.")]
    [InlineData(TwilioMagicNumbers.Blocked, 21610, "The message From/To pair violates a blacklist rule.")]
    [InlineData(TwilioMagicNumbers.NotMobile, 21614, "To number: +15005550009, is not a mobile number")]
    public async Task Invalid_and_magic_recipients_are_refused_with_Twilio_error_codes(string to, int code, string message)
    {
        string userId = TestNames.Unique("user");

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Sms(to, userId: userId));

        await AssertTwilioErrorAsync(response, code, message);
        Assert.Empty(await sandbox.Control.MessagesAsync(userId: userId));
    }

    [Theory]
    [InlineData(null, TwilioMagicNumbers.ValidSender, "Hi", 21604, "A 'To' phone number is required.")]
    [InlineData("+14155550105", null, "Hi", 21603, "A 'From' phone number is required.")]
    [InlineData("+14155550105", TwilioMagicNumbers.ValidSender, null, 21602, "Message body is required.")]
    [InlineData("+14155550105", "not a sender!", "Hi", 21212, "The 'From' number not a sender! is not a valid phone number, shortcode, or alphanumeric sender ID.")]
    [InlineData("+14155550105", TwilioMagicNumbers.NotOwnedSender, "Hi", 21606, "The 'From' phone number +15005550007 is not a valid, SMS-capable inbound phone number or short code for your account.")]
    public async Task Missing_or_invalid_fields_are_refused_with_Twilio_error_codes(string? to, string? from, string? body, int code, string message)
    {
        var fields = new List<KeyValuePair<string, string>>();
        AddField(fields, "To", to);
        AddField(fields, "From", from);
        AddField(fields, "Body", body);

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.TwilioSend(fields));

        await AssertTwilioErrorAsync(response, code, message);
    }

    [Theory]
    [InlineData("NotifyEats")]
    [InlineData("12345")]
    public async Task Alphanumeric_sender_ids_and_short_codes_are_valid_senders(string from)
    {
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.TwilioSend([new("To", "+14155550106"), new("From", from), new("Body", "Hi")]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_body_of_1600_characters_is_sent_and_one_of_1601_is_refused_with_21617()
    {
        using HttpResponseMessage longest = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550107", new string('a', 1600)));
        using HttpResponseMessage tooLong = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550107", new string('a', 1601)));

        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Equal("11", (await longest.ReadJsonAsync()).GetProperty("num_segments").GetString());
        await AssertTwilioErrorAsync(tooLong, 21617, "The concatenated message body exceeds the 1600 character limit.");
    }

    [Fact]
    public async Task A_repeated_idempotency_token_creates_a_second_message_counted_as_a_duplicate()
    {
        // Creating a Message has no idempotency mechanism at Twilio: the same request twice sends two texts.
        string userId = TestNames.Unique("user");
        string token = TestNames.Unique("token");

        using HttpResponseMessage first = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550108", "First", userId, token));
        using HttpResponseMessage repeat = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550108", "First", userId, token));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.NotEqual((await first.ReadJsonAsync()).GetProperty("sid").GetString(), (await repeat.ReadJsonAsync()).GetProperty("sid").GetString());
        Assert.Equal([token, token], (await sandbox.Control.MessagesAsync(userId: userId)).Select(message => message.IdempotencyKey));
        TrafficCounts sms = (await sandbox.Control.StatsAsync(userId)).Channels[Channel.Sms];
        Assert.Equal((2, 2, 1), (sms.Requests, sms.Accepted, sms.Duplicates));
    }

    public enum AuthTokenFor
    {
        Right,
        Wrong,
    }

    private static void AddField(List<KeyValuePair<string, string>> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields.Add(new(name, value));
        }
    }

    private static async Task AssertTwilioErrorAsync(HttpResponseMessage response, int code, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = await response.ReadJsonAsync();
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal($"https://www.twilio.com/docs/errors/{code}", error.GetProperty("more_info").GetString());
        Assert.Equal(400, error.GetProperty("status").GetInt32());
    }
}
