using System.Collections.Concurrent;

namespace Notify.Bench.Pipeline;

/// <summary>When the client sent each accepted notification (wall clock, as the sandbox stamps its receipts), by id.</summary>
internal sealed class SendLog
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _sent = new();

    public int Count => _sent.Count;

    public DateTimeOffset First => _sent.Values.Min();

    public void Add(Guid id, DateTimeOffset sentAt) => _sent[id] = sentAt;

    /// <summary>Sends one notification and logs it under the id Ingest gave it.</summary>
    public async Task SendAsync(NotifyApiClient client, string body, CancellationToken cancellationToken)
    {
        var sentAt = DateTimeOffset.UtcNow;
        Add(await client.SendAsync("/v1/notifications", body, cancellationToken), sentAt);
    }

    /// <summary>Accept→provider latency of every logged notification the sandbox received, and how many it did not.</summary>
    public (LatencyFigures Latency, int Missing, DateTimeOffset? LastReceipt) Match(IReadOnlyDictionary<Guid, DateTimeOffset> receipts)
    {
        var latencies = new List<double>(_sent.Count);
        DateTimeOffset? last = null;
        foreach (var (id, sentAt) in _sent)
        {
            if (!receipts.TryGetValue(id, out var receivedAt))
                continue;
            latencies.Add((receivedAt - sentAt).TotalMilliseconds);
            last = last is { } l && l > receivedAt ? l : receivedAt;
        }
        return (LatencyFigures.From(latencies), _sent.Count - latencies.Count, last);
    }
}
