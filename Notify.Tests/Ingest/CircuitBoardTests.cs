using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Notify.Core.Messaging;
using Notify.Ingest.Operations;
using NATS.Client.Core;

namespace Notify.Tests.Ingest;

/// <summary>How Ingest folds the dispatchers' circuit reports into one state per provider.</summary>
public sealed class CircuitBoardTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task The_worst_state_per_provider_counts_and_a_silent_replica_drops_out()
    {
        await using var nats = new NatsConnection(NatsOpts.Default);
        var board = new CircuitBoard(nats, _time, NullLogger<CircuitBoard>.Instance);
        board.Apply(new CircuitReport("d-0", _time.GetUtcNow(), new Dictionary<string, string> { ["fcm"] = CircuitReport.HalfOpen, ["twilio"] = CircuitReport.Closed }));
        _time.Advance(TimeSpan.FromSeconds(20));
        board.Apply(new CircuitReport("d-1", _time.GetUtcNow(), new Dictionary<string, string> { ["fcm"] = CircuitReport.Closed, ["twilio"] = CircuitReport.Open }));

        Assert.Equal([("twilio", "open"), ("fcm", "half-open")], board.Worst().Select(c => (c.Provider, c.State)));
        Assert.Equal(["d-0", "d-1"], board.Replicas);

        _time.Advance(TimeSpan.FromSeconds(15)); // d-0 last reported 35 s ago

        Assert.Equal([("twilio", "open"), ("fcm", "closed")], board.Worst().Select(c => (c.Provider, c.State)));
        Assert.Equal(["d-1"], board.Replicas);
    }
}
