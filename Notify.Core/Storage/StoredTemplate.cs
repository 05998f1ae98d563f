using Notify.Core.Notifications;
using Notify.Core.Templates;

namespace Notify.Core.Storage;

/// <summary>A tenant's template of one notification type, as saved.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Type">Notification type.</param>
/// <param name="Document">The template.</param>
/// <param name="Variables">Every data path it uses.</param>
/// <param name="Required">Per channel, the data paths a notification sent on it must carry.</param>
/// <param name="Version">Incremented on every save.</param>
/// <param name="UpdatedAt">When it was last saved.</param>
public sealed record StoredTemplate(
    string Tenant,
    string Type,
    TemplateDocument Document,
    IReadOnlyList<string> Variables,
    IReadOnlyDictionary<Channel, IReadOnlyList<string>> Required,
    long Version,
    DateTimeOffset UpdatedAt);
