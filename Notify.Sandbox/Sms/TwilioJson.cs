using System.Text.Encodings.Web;
using System.Text.Json;

namespace Notify.Sandbox.Sms;

/// <summary>Twilio's JSON: snake_case names, nulls written out.</summary>
public static class TwilioJson
{
    /// <summary>The serializer options.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Apostrophes and the like as they are, not \u0027: the providers' messages quote field names.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
