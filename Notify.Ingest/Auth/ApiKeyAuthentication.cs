using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Notify.Ingest.Auth;

/// <summary>Registers API key authentication and one authorization policy per scope (named after it).</summary>
public static class ApiKeyAuthentication
{
    /// <summary>The authentication scheme.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>Adds the key directory, its bucket and watch, the scheme, and the <c>send</c>, <c>read</c>, <c>admin</c> policies.</summary>
    public static IHostApplicationBuilder AddApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidation>();
        builder.Services.AddSingleton<ApiKeyDirectory>();
        builder.Services.AddSingleton<ApiKeyBucket>();
        builder.Services.AddHostedService<ApiKeyWatch>();

        builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, null);
        var policies = builder.Services.AddAuthorizationBuilder();
        foreach (var scope in ApiScopes.All)
            policies.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().RequireClaim(ApiScopes.ClaimType, scope));
        return builder;
    }
}
