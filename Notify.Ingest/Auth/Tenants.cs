using System.Text.RegularExpressions;

namespace Notify.Ingest.Auth;

/// <summary>Tenant names: they become a NATS subject token, a Redis key part and a PostgreSQL value.</summary>
public static partial class Tenants
{
    /// <summary>Whether <paramref name="tenant"/> is a valid tenant name (<c>^[a-z0-9][a-z0-9_-]{0,31}$</c>).</summary>
    public static bool IsValid(string? tenant) => tenant is not null && Pattern().IsMatch(tenant);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
