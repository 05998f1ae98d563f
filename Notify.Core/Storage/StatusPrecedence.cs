using Notify.Core.Status;

namespace Notify.Core.Storage;

/// <summary>
/// Which of two status events about the same delivery (or the same notification) decides its state. Final states
/// (sent, cancelled, merged) beat any non-final one; otherwise the newer event wins; at the same instant the stronger
/// kind wins. The order is total, so folding events into a state gives the same result in any order, any number of
/// times: batches may arrive late, twice, or from two writers at once.
/// </summary>
internal static class StatusPrecedence
{
    /// <summary>Kinds from weakest to strongest, for events of the same instant.</summary>
    public static readonly StatusKind[] Ascending =
    [
        StatusKind.Accepted, StatusKind.Scheduled, StatusKind.Replayed, StatusKind.Retrying, StatusKind.Skipped,
        StatusKind.Failed, StatusKind.DeadLettered, StatusKind.Sent, StatusKind.Cancelled, StatusKind.Merged,
    ];

    /// <summary>States that no later event undoes.</summary>
    public static readonly StatusKind[] Final = [StatusKind.Sent, StatusKind.Cancelled, StatusKind.Merged];

    private static readonly int[] Ranks = BuildRanks();

    /// <summary>Wire names of <see cref="Ascending"/>, for the SQL that merges with stored rows.</summary>
    public static readonly string[] AscendingWire = [.. Ascending.Select(k => k.ToWire())];

    /// <summary>Wire names of <see cref="Final"/>.</summary>
    public static readonly string[] FinalWire = [.. Final.Select(k => k.ToWire())];

    public static bool IsFinal(StatusKind kind) => kind is StatusKind.Sent or StatusKind.Cancelled or StatusKind.Merged;

    /// <summary>Whether (<paramref name="kind"/>, <paramref name="at"/>) decides over (<paramref name="current"/>, <paramref name="currentAt"/>).</summary>
    public static bool Supersedes(StatusKind kind, DateTimeOffset at, StatusKind current, DateTimeOffset currentAt)
    {
        bool final = IsFinal(kind), currentFinal = IsFinal(current);
        if (final != currentFinal)
            return final;
        if (at != currentAt)
            return at > currentAt;
        return Ranks[(int)kind] > Ranks[(int)current];
    }

    private static int[] BuildRanks()
    {
        var ranks = new int[Ascending.Length];
        for (int i = 0; i < Ascending.Length; i++)
            ranks[(int)Ascending[i]] = i;
        return ranks;
    }
}
