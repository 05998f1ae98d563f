namespace Notify.Ingest.Auth;

/// <summary>
/// What an API key may do. Scopes are independent: a key holds each it needs.
/// <list type="bullet">
/// <item><c>send</c>: submit notifications, order events and batches, cancel them, and keep the tenant's users' contacts and preferences.</item>
/// <item><c>read</c>: read notification status, preferences and in-app inboxes (including the live stream).</item>
/// <item><c>admin</c>: operate the service: list and replay dead letters, set the dispatchers' priority policy, read the ops summary, edit the tenant's templates.</item>
/// </list>
/// </summary>
public static class ApiScopes
{
    /// <summary>Submit work and keep user settings.</summary>
    public const string Send = "send";

    /// <summary>Read status, preferences and inboxes.</summary>
    public const string Read = "read";

    /// <summary>Operate dead letters, the priority policy and the ops console.</summary>
    public const string Admin = "admin";

    /// <summary>The claim type a scope is carried in.</summary>
    public const string ClaimType = "scope";

    /// <summary>Every scope.</summary>
    public static readonly IReadOnlyList<string> All = [Send, Read, Admin];

    /// <summary>Whether <paramref name="scope"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string scope) => scope is Send or Read or Admin;
}
