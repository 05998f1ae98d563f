namespace Notify.Ingest.Operations;

/// <summary>
/// The tenant's deliveries per minute over the last <see cref="ThroughputHistoryReader.Minutes"/> minutes, one series
/// per priority and channel, each array oldest minute first (index 0 is <see cref="From"/>, the last is the current,
/// unfinished minute). Counted from the delivery events recorded in PostgreSQL.
/// </summary>
/// <param name="From">Start of the first minute.</param>
/// <param name="Minutes">Minutes in each array.</param>
/// <param name="Series">Per priority and channel that had any event in the window, in priority then channel order.</param>
public sealed record ThroughputHistory(DateTimeOffset From, int Minutes, IReadOnlyList<ThroughputSeries> Series);

/// <summary>One priority and channel's deliveries per minute.</summary>
/// <param name="Priority">The priority (<c>unknown</c> while the notification's Accepted event is not recorded).</param>
/// <param name="Channel">The channel (<c>none</c> for events of the whole notification).</param>
/// <param name="Sent">Accepted by the provider, per minute.</param>
/// <param name="Retrying">Transient failures that were tried again, per minute.</param>
/// <param name="Failed">Permanent failures, per minute.</param>
/// <param name="DeadLettered">Moved to the dead-letter queue, per minute.</param>
public sealed record ThroughputSeries(string Priority, string Channel, long[] Sent, long[] Retrying, long[] Failed, long[] DeadLettered);
