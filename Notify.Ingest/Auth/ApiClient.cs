using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Notify.Ingest.Auth;

/// <summary>
/// The holder of one API key, as the directory knows it. Built once per key, with the principal and ticket every
/// request with that key reuses, so authenticating a request allocates nothing of its own.
/// </summary>
public sealed class ApiClient
{
    private readonly HashSet<string> _scopes;

    internal ApiClient(ApiKeyHash hash, string tenant, string name, IEnumerable<string> scopes)
    {
        Tenant = tenant;
        Name = name;
        _scopes = new HashSet<string>(scopes, StringComparer.Ordinal);
        Id = hash.ToString();
        var identity = new ApiClientIdentity(this);
        Ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyAuthentication.Scheme);
    }

    /// <summary>The tenant every request with this key acts for and is confined to.</summary>
    public string Tenant { get; }

    /// <summary>The key's label.</summary>
    public string Name { get; }

    /// <summary>The key's hash in hex: identifies the client (rate-limit partition, logs) without revealing the key.</summary>
    public string Id { get; }

    /// <summary>What the key may do.</summary>
    public IReadOnlySet<string> Scopes => _scopes;

    internal AuthenticationTicket Ticket { get; }

    /// <summary>Whether the key holds <paramref name="scope"/>.</summary>
    public bool Has(string scope) => _scopes.Contains(scope);
}

/// <summary>The identity of a request authenticated by API key; carries its <see cref="ApiClient"/>.</summary>
public sealed class ApiClientIdentity : ClaimsIdentity
{
    internal ApiClientIdentity(ApiClient client)
        : base(ClaimsOf(client), ApiKeyAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role) => Client = client;

    /// <summary>The client.</summary>
    public ApiClient Client { get; }

    private static IEnumerable<Claim> ClaimsOf(ApiClient client) =>
        [new(ClaimTypes.Name, client.Name), new("tenant", client.Tenant), .. client.Scopes.Select(scope => new Claim(ApiScopes.ClaimType, scope))];
}

/// <summary>Reads the caller from a request's principal.</summary>
public static class ApiClientPrincipal
{
    /// <summary>The API client of an authenticated request.</summary>
    /// <exception cref="InvalidOperationException">The endpoint does not require authorization.</exception>
    public static ApiClient ApiClient(this ClaimsPrincipal user) =>
        (user.Identity as ApiClientIdentity)?.Client
        ?? throw new InvalidOperationException("The endpoint reads the API client but does not require authorization.");
}
