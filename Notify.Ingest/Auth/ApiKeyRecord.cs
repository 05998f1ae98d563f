using System.Text.Json;
using System.Text.Json.Serialization;

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
