namespace Notify.Ingest.Operations;

/// <summary>
/// What the ops console shows, in one answer (<c>GET /v1/admin/summary</c>, or each event of <c>/v1/admin/summary/stream</c>). A part whose source is unreachable is
/// null and named in <see cref="Unavailable"/>, so an outage of one dependency does not blind the console.
/// </summary>
/// <param name="GeneratedAt">When the summary was made.</param>
/// <param name="Minutes">The window the counts cover, ending now.</param>
/// <param name="Throughput">The tenant's deliveries per channel and priority over the window (from the recorded statuses; at most a few seconds old).</param>
/// <param name="History">The tenant's deliveries per minute over the last hour, per priority and channel (whatever the window).</param>
/// <param name="Pending">Per priority, messages waiting for or in the hands of a dispatcher (every tenant).</param>
/// <param name="Circuits">Per provider, the worst circuit state any dispatcher replica reported lately.</param>
/// <param name="Dispatchers">Dispatcher replicas that reported lately.</param>
/// <param name="Unavailable">The sources that could not be read: <c>storage</c>, <c>queue</c>.</param>
public sealed record OpsSummary(
    DateTimeOffset GeneratedAt,
    int Minutes,
    IReadOnlyList<ChannelThroughput>? Throughput,
    ThroughputHistory? History,
    IReadOnlyList<PriorityPending>? Pending,
    IReadOnlyList<ProviderCircuit> Circuits,
    IReadOnlyList<string> Dispatchers,
    IReadOnlyList<string> Unavailable);

/// <summary>Deliveries of one channel and priority over the window.</summary>
/// <param name="Channel">The channel (<c>none</c> for events of the whole notification).</param>
/// <param name="Priority">The priority (<c>unknown</c> while the notification's Accepted event is not recorded).</param>
/// <param name="Sent">Accepted by the provider.</param>
/// <param name="Retrying">Transient failures that will be tried again.</param>
/// <param name="Failed">Permanent failures (the channel gave up; a fallback may follow).</param>
/// <param name="DeadLettered">Moved to the dead-letter queue.</param>
public sealed record ChannelThroughput(string Channel, string Priority, long Sent, long Retrying, long Failed, long DeadLettered);

/// <summary>A priority's backlog at its <c>dispatch</c> consumer.</summary>
/// <param name="Priority">The priority.</param>
/// <param name="Pending">Not yet delivered to a dispatcher.</param>
/// <param name="AckPending">Delivered, not yet acknowledged (being sent, or waiting for a retry).</param>
/// <param name="Paused">Whether the priority policy pauses it.</param>
public sealed record PriorityPending(string Priority, long Pending, long AckPending, bool Paused);

/// <summary>A provider's circuit over the replicas.</summary>
/// <param name="Provider">The provider (<c>fcm</c>, <c>twilio</c>, <c>smtp</c>, …).</param>
/// <param name="State">The worst state reported: <c>open</c>, <c>half-open</c> or <c>closed</c>.</param>
/// <param name="Replicas">The replicas reporting that worst state.</param>
public sealed record ProviderCircuit(string Provider, string State, IReadOnlyList<string> Replicas);
