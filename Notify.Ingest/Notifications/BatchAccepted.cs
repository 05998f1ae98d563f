namespace Notify.Ingest.Notifications;

/// <summary>The fate of one batch item.</summary>
/// <param name="Index">Its position in <c>items</c>.</param>
/// <param name="Id">Its notification id; null when it was rejected.</param>
/// <param name="Status">
/// <c>accepted</c>; <c>duplicate</c> (a repeat: the id is the original's); <c>rejected</c> (invalid: see
/// <see cref="Errors"/>, do not retry as is); <c>failed</c> (NATS could not take it: retry it, with its idempotencyKey).
/// </param>
public sealed record BatchItemResult(int Index, Guid? Id, string Status)
{
    /// <summary>Status of an item NATS could not take.</summary>
    public const string Failed = "failed";

    /// <summary>Status of an invalid item.</summary>
    public const string Rejected = "rejected";

    /// <summary>The bad fields of a rejected item.</summary>
    public IDictionary<string, string[]>? Errors { get; init; }
}

/// <summary>The answer to a batch: counts, then one result per item in request order.</summary>
public sealed record BatchAccepted(int Accepted, int Duplicates, int Rejected, int Failed, IReadOnlyList<BatchItemResult> Items);
