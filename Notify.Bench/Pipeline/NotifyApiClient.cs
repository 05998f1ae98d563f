using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Notify.Bench.Runtime;

namespace Notify.Bench.Pipeline;

/// <summary>
/// Ingest's API as the bench calls it: HTTP/1.1 keep-alive over at most <paramref name="connections"/> connections,
/// the development key. Bodies are written by hand so that the client's own cost stays small and the same for every
/// endpoint it is pointed at.
/// </summary>
internal sealed class NotifyApiClient(Uri baseAddress, int connections) : IDisposable
{
    public const string DevelopmentKey = "notify-dev-key";

    private readonly HttpClient _http = Create(baseAddress, connections);

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The JSON of one notification request.</summary>
    public static string Body(string userId, string type, string priority, string channel) =>
        $$$"""{"userId":"{{{userId}}}","type":"{{{type}}}","priority":"{{{priority}}}","channels":["{{{channel}}}"],"data":{"orderId":"o-{{{userId}}}","eta":"12 min"}}""";

    /// <summary>Sends one notification; returns its id, or throws when it is not accepted.</summary>
    public async Task<Guid> SendAsync(string path, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(path, content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new HttpRequestException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return json.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Sends up to 1,000 notifications in one request; returns how many were accepted.</summary>
    public async Task<int> SendBatchAsync(IEnumerable<string> bodies, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("""{"items":[""");
        text.AppendJoin(',', bodies).Append("]}");
        using var content = new StringContent(text.ToString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/v1/notifications/batch", content, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"POST /v1/notifications/batch answered {(int)response.StatusCode}: {answer}");
        using var json = JsonDocument.Parse(answer);
        return json.RootElement.GetProperty("accepted").GetInt32();
    }

    /// <summary>Gives <paramref name="userId"/> a push token (and the other contacts, so every channel could reach them).</summary>
    public async Task PutContactsAsync(string userId, CancellationToken cancellationToken)
    {
        var contacts = new { email = $"{userId}@example.com", phone = "+4915112345678", pushTokens = new[] { $"token-{userId}" } };
        using var response = await _http.PutAsJsonAsync($"/v1/users/{userId}/contacts", contacts, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"PUT contacts of {userId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>
    /// Gives users <c>{prefix}-0</c> … <c>{prefix}-{users - 1}</c> their contacts (<paramref name="clients"/> at a time) and
    /// returns one high-priority out-for-delivery push per user, the body the pipeline scenarios send.
    /// </summary>
    public async Task<string[]> PreparePushAudienceAsync(string prefix, int users, int clients, BenchLog log, CancellationToken cancellationToken)
    {
        log.Info($"contacts for {users} users");
        await HttpLoad.RunAsync(users, clients, TimeSpan.FromMinutes(2), (i, ct) => PutContactsAsync($"{prefix}-{i}", ct), cancellationToken);
        return [.. Enumerable.Range(0, users).Select(i => Body($"{prefix}-{i}", "order.out_for_delivery", "high", "push"))];
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Create(Uri baseAddress, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestVersion = HttpVersion.Version11;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevelopmentKey);
        return http;
    }
}
