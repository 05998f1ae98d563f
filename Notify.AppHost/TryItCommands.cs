using Notify.AppHost.Hosting;

namespace Notify.AppHost;

/// <summary>
/// The commands printed once the stack is ready: give a user a push token and a phone number, send a notification
/// with the development key, read its status, see what the sandbox received. They work exactly as printed.
/// </summary>
internal static class TryItCommands
{
    public const string ExampleContacts = """{"phone":"+447700900123","pushTokens":["device-token-u1"]}""";

    public const string ExampleRequest = """{"userId":"u1","type":"order.out_for_delivery","data":{"orderId":"o-42"}}""";

    public static IReadOnlyList<string> For(Uri ingest, Uri sandbox)
    {
        string authorization = $"-H 'Authorization: Bearer {NotifyStack.DevelopmentApiKey}'";
        return
        [
            $"curl -s -X PUT {ingest.OriginalString}/v1/users/u1/contacts {authorization} -H 'Content-Type: application/json' -d '{ExampleContacts}'",
            $"curl -s -X POST {ingest.OriginalString}/v1/notifications {authorization} -H 'Content-Type: application/json' -d '{ExampleRequest}'",
            $"curl -s {ingest.OriginalString}/v1/notifications/ID {authorization}    (ID: the \"id\" in the answer above)",
            $"curl -s '{sandbox.OriginalString}/sandbox/messages?userId=u1'",
        ];
    }
}
