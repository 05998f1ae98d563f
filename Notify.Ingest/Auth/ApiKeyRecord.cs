using System.Text.Json;
using System.Text.Json.Serialization;
using NATS.Client.Core;

namespace Notify.Ingest.Auth;

/// <summary>What the API key bucket holds under a key's hash.</summary>
/// <param name="Tenant">The tenant every request with the key acts for.</param>
/// <param name="Name">A label for operators (never the key itself).</param>
/// <param name="Scopes">What the key may do (<see cref="ApiScopes"/>).</param>
public sealed record ApiKeyRecord(string Tenant, string? Name, IReadOnlyList<string> Scopes);

/// <summary>JSON of <see cref="ApiKeyRecord"/>; lenient, so records written by a newer version still read.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiKeyRecord))]
internal sealed partial class ApiKeyJson : JsonSerializerContext;

/// <summary>
/// NATS.Net's serializer of <see cref="ApiKeyRecord"/> (<see cref="ApiKeyJson"/>), for reading and watching the key
/// bucket. Not a member of the context: its static initializers run in no set order with the generated <c>Default</c>.
/// </summary>
internal static class ApiKeyRecordSerializer
{
    /// <summary>The serializer.</summary>
    public static readonly INatsSerializer<ApiKeyRecord> Default = new NatsJsonContextSerializer<ApiKeyRecord>(ApiKeyJson.Default);
}
