using System.Globalization;
using Notify.Sandbox.Records;

namespace Notify.Sandbox.Sms;

/// <summary>Twilio's Message resource, as Create a Message answers it (snake_case on the wire).</summary>
public sealed record TwilioMessage(
    string AccountSid,
    string ApiVersion,
    string? Body,
    string DateCreated,
    string? DateSent,
    string DateUpdated,
    string Direction,
    int? ErrorCode,
    string? ErrorMessage,
    string? From,
    string? MessagingServiceSid,
    string NumMedia,
    string NumSegments,
    string? Price,
    string PriceUnit,
    string Sid,
    string Status,
    IReadOnlyDictionary<string, string> SubresourceUris,
    string? To,
    string Uri)
{
    /// <summary>The data keys an SMS record keeps its sender fields under.</summary>
    public const string FromKey = "from", MessagingServiceSidKey = "messagingServiceSid", StatusCallbackKey = "statusCallback";

    /// <summary>The resource for a recorded SMS: <c>queued</c> from a number, <c>accepted</c> through a Messaging Service.</summary>
    public static TwilioMessage For(SandboxMessage message, string accountSid)
    {
        string? from = message.Data?.GetValueOrDefault(FromKey);
        string? service = message.Data?.GetValueOrDefault(MessagingServiceSidKey);
        string created = message.ReceivedAt.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        string uri = $"/2010-04-01/Accounts/{accountSid}/Messages/{message.Id}";
        return new TwilioMessage(
            accountSid,
            "2010-04-01",
            message.Body,
            created,
            DateSent: null,
            created,
            "outbound-api",
            ErrorCode: null,
            ErrorMessage: null,
            from,
            service,
            "0",
            SmsSegments.Count(message.Body ?? "").ToString(CultureInfo.InvariantCulture),
            Price: null,
            "USD",
            message.Id,
            service is null ? "queued" : "accepted",
            new Dictionary<string, string> { ["media"] = uri + "/Media.json" },
            message.To,
            uri + ".json");
    }

    /// <summary>A new message sid: <c>SM</c> and 32 hex digits.</summary>
    public static string NewSid() => "SM" + Guid.NewGuid().ToString("N");
}
