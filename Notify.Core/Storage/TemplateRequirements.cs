using Notify.Core.Notifications;

namespace Notify.Core.Storage;

/// <summary>The data paths a tenant's template of <paramref name="Type"/> needs, per channel.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Type">Notification type.</param>
/// <param name="Required">Per channel, the data paths a notification sent on it must carry.</param>
public sealed record TemplateRequirements(string Tenant, string Type, IReadOnlyDictionary<Channel, IReadOnlyList<string>> Required);
