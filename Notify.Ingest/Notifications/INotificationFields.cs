using System.Text.Json;

namespace Notify.Ingest.Notifications;

/// <summary>The fields a client sets on a notification, shared by the single and the batch form.</summary>
public interface INotificationFields
{
    /// <summary>The recipient (1–128 printable characters).</summary>
    string? UserId { get; }

    /// <summary>A type of the catalogue, e.g. <c>order.out_for_delivery</c>.</summary>
    string? Type { get; }

    /// <summary><c>critical</c>, <c>high</c>, <c>normal</c> or <c>low</c>; default from the type.</summary>
    string? Priority { get; }

    /// <summary>Channels to use, in order (<c>push</c>, <c>sms</c>, <c>email</c>, <c>inapp</c>, <c>webhook</c>); default from the user's preferences.</summary>
    IReadOnlyList<string>? Channels { get; }

    /// <summary>Template variables: a JSON object.</summary>
    JsonElement? Data { get; }

    /// <summary>Send no earlier than this (at most 30 days ahead).</summary>
    DateTimeOffset? SendAt { get; }

    /// <summary>Updates with the same key inside the batching window collapse into one.</summary>
    string? CollapseKey { get; }

    /// <summary><c>fallback</c> or <c>all</c> (<see cref="RoutingField.Description"/>); default from the user's preferences, then the type.</summary>
    string? Routing { get; }
}
