using Microsoft.Extensions.Options;

namespace Notify.Ingest.Auth;

/// <summary>A key written into the key bucket at start (how a deployment gets its first keys).</summary>
public sealed record BootstrapApiKey
{
    /// <summary>The key as clients send it; only its hash is stored.</summary>
    public string Key { get; init; } = "";

    /// <summary>The tenant it acts for.</summary>
    public string Tenant { get; init; } = "";

    /// <summary>A label for operators; default <c>bootstrap</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Its scopes: <c>Scopes:0=send</c>, <c>Scopes:1=read</c>… (an entry may also list several, comma-separated).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The scopes, one per entry.</summary>
    public IEnumerable<string> ScopeList =>
        Scopes.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal);
}

/// <summary>API keys: <c>Notify:ApiKeys</c>. None by default; the AppHost gives the development stack one.</summary>
public sealed record ApiKeyOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:ApiKeys";

    /// <summary>Keys written into the key bucket at start: <c>Notify:ApiKeys:Bootstrap:N:{Key,Tenant,Name,Scopes}</c>.</summary>
    public IReadOnlyList<BootstrapApiKey> Bootstrap { get; init; } = [];
}

/// <summary>Refuses to start with a bootstrap key that could never authenticate.</summary>
internal sealed class ApiKeyOptionsValidation : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Bootstrap.Count; i++)
        {
            var key = options.Bootstrap[i];
            var at = $"{ApiKeyOptions.Section}:Bootstrap:{i}";
            if (key.Key.Length is < 12 or > ApiKeyHash.MaxKeyLength || key.Key.Any(char.IsWhiteSpace))
                failures.Add($"{at}:Key must have 12 to {ApiKeyHash.MaxKeyLength} characters and no spaces.");
            if (!Tenants.IsValid(key.Tenant))
                failures.Add($"{at}:Tenant '{key.Tenant}' must match ^[a-z0-9][a-z0-9_-]{{0,31}}$.");
            var scopes = key.ScopeList.ToList();
            if (scopes.Count == 0 || !scopes.All(ApiScopes.IsKnown))
                failures.Add($"{at}:Scopes must name at least one of {string.Join(", ", ApiScopes.All)} and nothing else.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
