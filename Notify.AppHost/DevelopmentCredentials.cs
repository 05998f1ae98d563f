namespace Notify.AppHost;

/// <summary>The credentials a local run gives its services (never a published one: there they are parameters without a value).</summary>
public static class DevelopmentCredentials
{
    /// <summary>The API key Ingest accepts locally: tenant <see cref="Tenant"/>, scopes send, read and admin.</summary>
    public const string ApiKey = "notify-dev-key";

    /// <summary>The tenant of <see cref="ApiKey"/>.</summary>
    public const string Tenant = "dev";

    /// <summary>The key one-click unsubscribe links are signed with locally.</summary>
    public const string UnsubscribeSigningKey = "notify-dev-unsubscribe-signing-key";
}
