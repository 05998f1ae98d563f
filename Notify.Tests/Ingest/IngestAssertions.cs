using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Tests.Infrastructure;
using NATS.Client.JetStream.Models;

namespace Notify.Tests.Ingest;

/// <summary>Reading back what Ingest answered and published.</summary>
internal static class IngestAssertions
{
    /// <summary>The last message stored on the notification's subject, or null (the streams are shared: read by subject).</summary>
    public static Task<StoredMessage?> FindPublishedAsync(this IngestTestHost host, Priority priority, Guid id) =>
        host.JetStream.LastAsync(Subjects.Stream(priority), Subjects.Notification(priority, host.Tenant, id));

    /// <summary>The envelope a stored message carries.</summary>
    public static NotificationEnvelope Envelope(this StoredMessage message) =>
        JsonSerializer.Deserialize(message.Data.Span, NotifyJson.Default.NotificationEnvelope)!;

    /// <summary>The response's JSON, asserting its status code.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The problem details of the response, asserting its status code and media type.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await response.ReadJsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("urn:notify:problem:", problem.GetProperty("type").GetString());
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The fields a validation problem names.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];

    /// <summary>Posts <paramref name="body"/> as JSON, with an Idempotency-Key when given.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>Posts raw text with a media type.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, string mediaType = "application/json",
        HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType) };
        return client.SendAsync(request);
    }

    /// <summary>The id in an accept answer.</summary>
    public static Guid Id(this JsonElement accepted) => accepted.GetProperty("id").GetGuid();
}
