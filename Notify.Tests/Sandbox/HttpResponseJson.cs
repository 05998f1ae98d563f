using System.Text.Json;

namespace Notify.Tests.Sandbox;

/// <summary>Reading a provider's answer as the JSON it is on the wire.</summary>
public static class HttpResponseJson
{
    /// <summary>The body's root element.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
