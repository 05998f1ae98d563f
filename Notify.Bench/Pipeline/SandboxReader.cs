using System.Net.Http.Json;
using System.Text.Json;

namespace Notify.Bench.Pipeline;

/// <summary>What the provider sandbox recorded: its accepted count, and when each delivery reached it.</summary>
internal sealed class SandboxReader(Uri sandbox) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = sandbox, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Messages the stand-ins accepted, over every channel.</summary>
    public async Task<long> AcceptedAsync(CancellationToken cancellationToken)
    {
        using var json = await _http.GetFromJsonAsync<JsonDocument>("/sandbox/stats", cancellationToken);
        return json!.RootElement.GetProperty("total").GetProperty("accepted").GetInt64();
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted, or <paramref name="limit"/> passes; returns the count reached.</summary>
    public async Task<long> WaitForAcceptedAsync(long count, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        long accepted;
        while ((accepted = await AcceptedAsync(cancellationToken)) < count && DateTime.UtcNow < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        return accepted;
    }

    /// <summary>When each push for <paramref name="userId"/> (every user when null) reached the sandbox, by notification id.</summary>
    public async Task<Dictionary<Guid, DateTimeOffset>> PushReceiptsAsync(string? userId, CancellationToken cancellationToken)
    {
        var query = userId is null ? "/sandbox/messages?channel=push" : $"/sandbox/messages?channel=push&userId={Uri.EscapeDataString(userId)}";
        using var stream = await _http.GetStreamAsync(query, cancellationToken);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var receipts = new Dictionary<Guid, DateTimeOffset>();
        foreach (var message in json.RootElement.EnumerateArray())
        {
            // The dispatcher's idempotency key is "<notification id, N format>-<channel>".
            if (message.GetProperty("idempotencyKey").GetString() is { Length: > 32 } key && Guid.TryParseExact(key[..32], "N", out var id))
                receipts[id] = message.GetProperty("receivedAt").GetDateTimeOffset();
        }
        return receipts;
    }

    /// <summary>How many pushes reached the sandbox for each notification (more than one: a duplicate on the phone).</summary>
    public async Task<Dictionary<Guid, int>> PushCountsAsync(CancellationToken cancellationToken)
    {
        using var stream = await _http.GetStreamAsync("/sandbox/messages?channel=push", cancellationToken);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var counts = new Dictionary<Guid, int>();
        foreach (var message in json.RootElement.EnumerateArray())
        {
            if (message.GetProperty("idempotencyKey").GetString() is { Length: > 32 } key && Guid.TryParseExact(key[..32], "N", out var id))
                counts[id] = counts.GetValueOrDefault(id) + 1;
        }
        return counts;
    }

    /// <summary>When every push reached the sandbox, by notification id, in order (more than one: a duplicate on the phone).</summary>
    public async Task<Dictionary<Guid, List<DateTimeOffset>>> PushTimesAsync(CancellationToken cancellationToken)
    {
        using var stream = await _http.GetStreamAsync("/sandbox/messages?channel=push", cancellationToken);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var times = new Dictionary<Guid, List<DateTimeOffset>>();
        foreach (var message in json.RootElement.EnumerateArray())
        {
            if (message.GetProperty("idempotencyKey").GetString() is { Length: > 32 } key && Guid.TryParseExact(key[..32], "N", out var id))
            {
                if (!times.TryGetValue(id, out var list))
                    times[id] = list = [];
                list.Add(message.GetProperty("receivedAt").GetDateTimeOffset());
            }
        }
        foreach (var list in times.Values)
            list.Sort();
        return times;
    }

    /// <summary>Requests the stand-ins saw cut off by the caller (a killed replica's sends in progress) since the last clear.</summary>
    public async Task<long> CancelledAsync(CancellationToken cancellationToken)
    {
        using var json = await _http.GetFromJsonAsync<JsonDocument>("/sandbox/stats", cancellationToken);
        return json!.RootElement.GetProperty("total").GetProperty("cancelled").GetInt64();
    }

    /// <summary>Gives every push <paramref name="latency"/> before the stand-in answers, as a real provider's round trip.</summary>
    public async Task AddPushLatencyAsync(TimeSpan latency, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("/sandbox/faults", new { channel = "push", latencyMs = (int)latency.TotalMilliseconds }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Forgets everything recorded (after a warm-up).</summary>
    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync("/sandbox/messages", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
