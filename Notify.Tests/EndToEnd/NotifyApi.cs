using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notify.Ingest.DeadLetters;
using Notify.Ingest.Notifications;

namespace Notify.Tests.EndToEnd;

/// <summary>Ingest's public API as a client of the running stack drives it: contacts, sends, status reads, dead letters.</summary>
public sealed class NotifyApi(HttpClient ingest)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Replaces the user's contacts, asserting 204.</summary>
    public async Task PutContactsAsync(string userId, object contacts)
    {
        using var response = await ingest.PutAsJsonAsync($"/v1/users/{Uri.EscapeDataString(userId)}/contacts", contacts, Json);
        await AssertStatusAsync(response, HttpStatusCode.NoContent);
    }

    /// <summary>Sends a notification (the JSON of <paramref name="body"/>), with an <c>Idempotency-Key</c> when given.</summary>
    public async Task<(HttpStatusCode Status, NotificationAccepted Accepted)> SendAsync(object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(body, options: Json) };
        if (idempotencyKey is not null)
            request.Headers.Add(NotificationsApi.IdempotencyKeyHeader, idempotencyKey);
        using var response = await ingest.SendAsync(request);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
            await AssertStatusAsync(response, HttpStatusCode.Accepted);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<NotificationAccepted>(Json))!);
    }

    /// <summary>The notification's status, or null while Ingest cannot tell yet.</summary>
    public async Task<NotificationStatusResponse?> StatusAsync(Guid id)
    {
        using var response = await ingest.GetAsync($"/v1/notifications/{id}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<NotificationStatusResponse>(Json) : null;
    }

    /// <summary>The first page of the tenant's dead letters, newest first.</summary>
    public async Task<DeadLetterPage> DeadLettersAsync()
    {
        using var response = await ingest.GetAsync("/v1/dead-letters?limit=200");
        await AssertStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<DeadLetterPage>(Json))!;
    }

    /// <summary>Replays a dead letter, asserting 202.</summary>
    public async Task<DeadLetterReplayed> ReplayAsync(Guid deadLetterId)
    {
        using var response = await ingest.PostAsync($"/v1/dead-letters/{deadLetterId}/replay", content: null);
        await AssertStatusAsync(response, HttpStatusCode.Accepted);
        return (await response.Content.ReadFromJsonAsync<DeadLetterReplayed>(Json))!;
    }

    private static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, " +
                $"got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
