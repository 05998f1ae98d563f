using Notify.Core.Storage;

namespace Notify.Ingest.Inbox;

/// <summary>The inbox messages a reconnecting client missed, read newest first from PostgreSQL and handed over oldest first.</summary>
public sealed class InboxReplay(InboxStore store)
{
    /// <summary>The messages after <paramref name="position"/>, oldest first, at most <paramref name="max"/> (the newest ones).</summary>
    public async Task<IReadOnlyList<InboxMessage>> NewerThanAsync(string tenant, string userId, PageCursor position, int max, CancellationToken cancellationToken)
    {
        var newer = new List<InboxMessage>();
        PageCursor? after = null;
        while (newer.Count < max)
        {
            var page = await store.ListAsync(tenant, userId, InboxStore.MaxPageSize, after, cancellationToken).ConfigureAwait(false);
            foreach (var message in page.Items)
            {
                if (!InboxEventIds.IsAfter(message, position) || newer.Count == max)
                    return Oldest(newer);
                newer.Add(message);
            }
            if (page.Next is not { } next)
                break;
            after = next;
        }
        return Oldest(newer);
    }

    private static List<InboxMessage> Oldest(List<InboxMessage> newestFirst)
    {
        newestFirst.Reverse();
        return newestFirst;
    }
}
