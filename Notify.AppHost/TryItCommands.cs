namespace Notify.AppHost;

/// <summary>The commands a local run prints once Ingest is up: a notification sent, its status, what the sandbox received.</summary>
internal static class TryItCommands
{
    /// <summary>The example user's contacts.</summary>
    public const string ExampleContacts = """{"phone":"+447700900123","pushTokens":["device-token-u1"]}""";

    /// <summary>The example notification.</summary>
    public const string ExampleRequest = """{"userId":"u1","type":"order.out_for_delivery","data":{"orderId":"o-42"}}""";

    /// <summary>The curl commands, against Ingest at <paramref name="ingest"/> and the sandbox at <paramref name="sandbox"/>.</summary>
    public static IReadOnlyList<string> For(Uri ingest, Uri sandbox)
    {
        string api = ingest.OriginalString.TrimEnd('/');
        string authorization = $"-H 'Authorization: Bearer {DevelopmentCredentials.ApiKey}'";
        return
        [
            $"curl -s -X PUT {api}/v1/users/u1/contacts {authorization} -H 'Content-Type: application/json' -d '{ExampleContacts}'",
            $"curl -s -X POST {api}/v1/notifications {authorization} -H 'Content-Type: application/json' -d '{ExampleRequest}'",
            $"curl -s {api}/v1/notifications/ID {authorization}    (ID: the \"id\" in the answer above)",
            $"curl -s '{sandbox.OriginalString.TrimEnd('/')}/sandbox/messages?userId=u1'",
        ];
    }
}
