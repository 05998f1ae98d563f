namespace Notify.Core.Storage;

/// <summary>One page of a newest-first list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items, newest first.</param>
/// <param name="Next">Where the next page starts; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, PageCursor? Next);
