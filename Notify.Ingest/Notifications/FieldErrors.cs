namespace Notify.Ingest.Notifications;

/// <summary>Collects validation errors per field; the dictionary exists only once there is an error.</summary>
public static class FieldErrors
{
    /// <summary>Adds <paramref name="message"/> to <paramref name="field"/>.</summary>
    public static void Add(ref Dictionary<string, string[]>? errors, string field, string message)
    {
        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }
}
