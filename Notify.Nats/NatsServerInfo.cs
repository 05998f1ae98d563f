using System.Text.Json.Serialization;

namespace Notify.Nats;

/// <summary>What the server says of itself in <c>INFO</c>.</summary>
public sealed record NatsServerInfo
{
    /// <summary>Server id.</summary>
    [JsonPropertyName("server_id")] public string ServerId { get; init; } = "";
    /// <summary>Server name.</summary>
    [JsonPropertyName("server_name")] public string ServerName { get; init; } = "";
    /// <summary>Server version.</summary>
    [JsonPropertyName("version")] public string Version { get; init; } = "";
    /// <summary>Host the server listens on.</summary>
    [JsonPropertyName("host")] public string Host { get; init; } = "";
    /// <summary>Port the server listens on.</summary>
    [JsonPropertyName("port")] public int Port { get; init; }
    /// <summary>Whether the server supports headers.</summary>
    [JsonPropertyName("headers")] public bool Headers { get; init; }
    /// <summary>Largest message (headers plus payload) the server accepts.</summary>
    [JsonPropertyName("max_payload")] public int MaxPayload { get; init; } = 1024 * 1024;
    /// <summary>Whether JetStream is enabled.</summary>
    [JsonPropertyName("jetstream")] public bool JetStream { get; init; }
    /// <summary>Whether the server requires authentication.</summary>
    [JsonPropertyName("auth_required")] public bool AuthRequired { get; init; }
    /// <summary>Whether the server requires TLS.</summary>
    [JsonPropertyName("tls_required")] public bool TlsRequired { get; init; }
    /// <summary>Other cluster members' client URLs.</summary>
    [JsonPropertyName("connect_urls")] public string[]? ConnectUrls { get; init; }
    /// <summary>Lame duck mode: the server is about to shut down.</summary>
    [JsonPropertyName("ldm")] public bool LameDuckMode { get; init; }
    /// <summary>The client id the server gave this connection.</summary>
    [JsonPropertyName("client_id")] public ulong ClientId { get; init; }
}
