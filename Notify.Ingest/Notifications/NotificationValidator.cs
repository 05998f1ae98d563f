using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Notify.Core.Notifications;
using Notify.Ingest.Templates;

namespace Notify.Ingest.Notifications;

/// <summary>
/// Checks a notification's fields against the limits and the type catalogue, naming every bad field; turns the
/// good ones into <see cref="NotificationContent"/>.
/// </summary>
public sealed partial class NotificationValidator(NotificationTypeCatalog catalog, IOptions<NotificationLimits> limits, TimeProvider time,
    TemplateRequirementsIndex templates)
{
    /// <summary>Longest user id.</summary>
    public const int MaxUserIdLength = 128;

    /// <summary>Longest notification type.</summary>
    public const int MaxTypeLength = 128;

    /// <summary>Longest collapse key.</summary>
    public const int MaxCollapseKeyLength = 128;

    /// <summary>Longest Idempotency-Key.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>The limits in force.</summary>
    public NotificationLimits Limits { get; } = limits.Value;

    /// <summary>The validated notification, or null with <paramref name="errors"/> naming each bad field.</summary>
    public NotificationContent? Validate(INotificationFields request, ref Dictionary<string, string[]>? errors)
    {
        var before = errors?.Count ?? 0;
        CheckUserId(request.UserId, ref errors);
        var rule = CheckType(request.Type, ref errors);
        var priority = rule?.Priority ?? Priority.Normal;
        if (request.Priority is not null && !Priorities.TryParse(request.Priority, out priority))
            FieldErrors.Add(ref errors, "priority", "Must be one of critical, high, normal, low.");
        var channels = CheckChannels(request.Channels, ref errors);
        Routing? routing = null;
        if (request.Routing is not null)
        {
            if (Routings.TryParse(request.Routing, out var parsed))
                routing = parsed;
            else
                FieldErrors.Add(ref errors, "routing", $"Unknown routing '{Shorten(request.Routing)}'; use fallback or all.");
        }
        CheckData(request.Data, ref errors);
        if (request.SendAt is { } sendAt && sendAt > time.GetUtcNow() + Limits.MaxScheduleAhead)
            FieldErrors.Add(ref errors, "sendAt", $"May be at most {Limits.MaxScheduleAhead.TotalDays:0} days ahead.");
        if (request.CollapseKey is not null && !TextRules.IsPrintable(request.CollapseKey, MaxCollapseKeyLength))
            FieldErrors.Add(ref errors, "collapseKey", $"Must be 1 to {MaxCollapseKeyLength} printable characters.");

        if ((errors?.Count ?? 0) > before || rule is null)
            return null;
        return new NotificationContent(request.UserId!, request.Type!, priority, channels, request.Data, request.SendAt, request.CollapseKey)
        {
            Routing = routing,
        };
    }

    /// <summary>
    /// Checks that <paramref name="content"/>'s data holds every variable the tenant's template of its type needs on the
    /// channels it may go to, naming each missing one (<c>data.orderId</c>). Uses the required variables held in memory:
    /// when they are unknown (PostgreSQL unreachable since start) the data passes unchecked, so accepting keeps needing
    /// NATS alone.
    /// </summary>
    public void CheckTemplateData(string tenant, NotificationContent content, ref Dictionary<string, string[]>? errors)
    {
        foreach (var path in templates.Missing(tenant, content.Type, content.Channels, content.Data, content.OrderId))
            FieldErrors.Add(ref errors, $"data.{path}", $"Required by the template of '{content.Type}'.");
    }

    /// <summary>Checks a user id.</summary>
    public static void CheckUserId(string? userId, ref Dictionary<string, string[]>? errors, string field = "userId")
    {
        if (userId is null)
            FieldErrors.Add(ref errors, field, "Required.");
        else if (!TextRules.IsPrintable(userId, MaxUserIdLength))
            FieldErrors.Add(ref errors, field, $"Must be 1 to {MaxUserIdLength} printable characters.");
    }

    /// <summary>Checks an Idempotency-Key.</summary>
    public static void CheckIdempotencyKey(string? key, ref Dictionary<string, string[]>? errors, string field)
    {
        if (key is not null && !TextRules.IsPrintableAscii(key, MaxIdempotencyKeyLength))
            FieldErrors.Add(ref errors, field, $"Must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters.");
    }

    /// <summary>Checks template data: a JSON object of bounded size.</summary>
    public void CheckData(JsonElement? data, ref Dictionary<string, string[]>? errors)
    {
        if (data is not { } element)
            return;
        if (element.ValueKind != JsonValueKind.Object)
            FieldErrors.Add(ref errors, "data", "Must be a JSON object.");
        else if (JsonMarshal.GetRawUtf8Value(element).Length > Limits.MaxDataBytes)
            FieldErrors.Add(ref errors, "data", $"May be at most {Limits.MaxDataBytes} bytes.");
    }

    /// <summary>The rule of a known type; null (with an error) otherwise.</summary>
    public NotificationTypeRule? CheckType(string? type, ref Dictionary<string, string[]>? errors)
    {
        if (type is null)
        {
            FieldErrors.Add(ref errors, "type", "Required.");
            return null;
        }
        if (type.Length > MaxTypeLength || !TypePattern().IsMatch(type))
        {
            FieldErrors.Add(ref errors, "type", "Must be lower-case words separated by dots, e.g. order.out_for_delivery.");
            return null;
        }
        var rule = catalog.Find(type);
        if (rule is null)
            FieldErrors.Add(ref errors, "type", $"Unknown notification type '{type}'.");
        return rule;
    }

    private static List<Channel>? CheckChannels(IReadOnlyList<string>? names, ref Dictionary<string, string[]>? errors)
    {
        if (names is null)
            return null;
        if (names.Count == 0)
        {
            FieldErrors.Add(ref errors, "channels", "Leave it out to follow the user's preferences, or name at least one channel.");
            return null;
        }
        var channels = new List<Channel>(names.Count);
        foreach (var name in names)
        {
            if (!Core.Notifications.Channels.TryParse(name, out var channel))
                FieldErrors.Add(ref errors, "channels", $"Unknown channel '{Shorten(name)}'; use push, sms, email, inapp or webhook.");
            else if (channels.Contains(channel))
                FieldErrors.Add(ref errors, "channels", $"Channel '{channel.ToWire()}' is named twice.");
            else
                channels.Add(channel);
        }
        return channels;
    }

    private static string Shorten(string? value) => value is null ? "null" : value.Length <= 32 ? value : value[..32] + "…";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();
}
