using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Notify.Ingest.Problems;
using NATS.Client.Core;

namespace Notify.Ingest.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> against the
/// <see cref="ApiKeyDirectory"/>, and answers 401 and 403 as problem details.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder,
    ApiKeyDirectory directory, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string ApiKeyHeader = "X-Api-Key";
    private static readonly Exception UnknownKey = new UnauthorizedAccessException("The API key is not known.");
    private static readonly Exception MalformedKey = new UnauthorizedAccessException("The API key is empty or longer than 256 characters.");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryGetPresentedKey(Request.Headers, out var key))
            return AuthenticateResult.NoResult();
        if (key.IsEmpty || key.Length > ApiKeyHash.MaxKeyLength)
            return AuthenticateResult.Fail(MalformedKey);

        ApiClient? client;
        try
        {
            client = await directory.FindAsync(ApiKeyHash.Of(key), Context.RequestAborted).ConfigureAwait(false);
        }
        catch (NatsException ex)
        {
            return AuthenticateResult.Fail(new KeyLookupUnavailableException(ex));
        }
        return client is null ? AuthenticateResult.Fail(UnknownKey) : AuthenticateResult.Success(client.Ticket);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        if (result.Failure is KeyLookupUnavailableException)
        {
            ApiProblems.SetRetryAfter(Response, ApiProblems.UnavailableRetryAfter);
            await WriteAsync(StatusCodes.Status503ServiceUnavailable, ProblemTypes.QueueUnavailable, "The API key could not be checked.",
                "NATS, which holds the API keys, is unreachable; retry shortly.").ConfigureAwait(false);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteAsync(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "An API key is required.",
            result.Failure?.Message ?? "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scope = Context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy;
        return WriteAsync(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "The API key lacks a scope.",
            scope is null ? "The API key may not call this endpoint." : $"This endpoint needs an API key with the '{scope}' scope.");
    }

    private async Task WriteAsync(int status, string type, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }

    /// <summary>The key of <c>X-Api-Key</c>, else of <c>Authorization: Bearer</c>; false when the request presents none.</summary>
    private static bool TryGetPresentedKey(IHeaderDictionary headers, out ReadOnlySpan<char> key)
    {
        key = default;
        if (headers[ApiKeyHeader] is { Count: > 0 } apiKey)
        {
            key = apiKey[0].AsSpan().Trim();
            return true;
        }
        if (headers.Authorization is not { Count: > 0 } authorization || authorization[0] is not { } value
            || !value.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) || (value.Length > 6 && value[6] != ' '))
            return false;
        key = value.AsSpan(6).Trim();
        return true;
    }

    /// <summary>The directory had to ask NATS about the key and could not.</summary>
    private sealed class KeyLookupUnavailableException(Exception inner) : Exception("The API key directory is unreachable.", inner);
}
