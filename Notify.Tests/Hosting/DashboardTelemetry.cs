using System.Net.Http.Json;
using System.Text.Json;

namespace Notify.Tests.Hosting;

/// <summary>
/// The Aspire dashboard's telemetry HTTP API (<c>/api/telemetry/…</c>, what <c>aspire telemetry</c> reads), with the API
/// key the AppHost gave the dashboard (<c>AppHost:DashboardApiKey</c>) in <c>x-api-key</c>. Answers are OTLP JSON.
/// </summary>
internal sealed class DashboardTelemetry(Uri dashboard, string apiKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = dashboard, DefaultRequestHeaders = { { "x-api-key", apiKey } } };

    /// <summary>One span: its trace, the service (<c>service.name</c>) that recorded it, its name and kind.</summary>
    public sealed record Span(string TraceId, string Service, string Name, int Kind);

    /// <summary>The trace ids of the spans <paramref name="resource"/> recorded so far (none while it has sent nothing).</summary>
    public async Task<IReadOnlyList<string>> TraceIdsOfAsync(string resource)
    {
        using HttpResponseMessage response = await _http.GetAsync($"api/telemetry/spans?resource={Uri.EscapeDataString(resource)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return []; // no telemetry from that resource yet
        response.EnsureSuccessStatusCode();
        return [.. Spans(await response.Content.ReadFromJsonAsync<JsonElement>()).Select(s => s.TraceId).Distinct()];
    }

    /// <summary>Every span of a trace.</summary>
    public async Task<IReadOnlyList<Span>> TraceAsync(string traceId)
    {
        using HttpResponseMessage response = await _http.GetAsync($"api/telemetry/traces/{Uri.EscapeDataString(traceId)}");
        response.EnsureSuccessStatusCode();
        return [.. Spans(await response.Content.ReadFromJsonAsync<JsonElement>())];
    }

    public void Dispose() => _http.Dispose();

    private static IEnumerable<Span> Spans(JsonElement answer)
    {
        if (!answer.TryGetProperty("data", out JsonElement data) || !data.TryGetProperty("resourceSpans", out JsonElement resources))
            yield break;
        foreach (JsonElement resource in resources.EnumerateArray())
        {
            string service = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .Where(a => a.GetProperty("key").GetString() == "service.name")
                .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString()!).FirstOrDefault() ?? "";
            foreach (JsonElement scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (JsonElement span in scope.GetProperty("spans").EnumerateArray())
                {
                    int kind = span.TryGetProperty("kind", out JsonElement k) && k.ValueKind == JsonValueKind.Number ? k.GetInt32() : 0;
                    yield return new Span(span.GetProperty("traceId").GetString()!, service, span.GetProperty("name").GetString()!, kind);
                }
            }
        }
    }
}
