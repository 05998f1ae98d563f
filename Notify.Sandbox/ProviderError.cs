using System.Globalization;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Notify.Sandbox;

/// <summary>
/// An error answered in a provider's own body shape and JSON conventions, with the headers such an answer carries
/// (<c>Retry-After</c> on throttling and outages, <c>WWW-Authenticate</c> on refused credentials).
/// </summary>
public sealed class ProviderError<TBody>(int statusCode, TBody body, JsonSerializerOptions json, string contentType = "application/json; charset=utf-8")
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TBody>, IContentTypeHttpResult
{
    /// <summary>The HTTP status.</summary>
    public int StatusCode => statusCode;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    /// <summary>The provider's error body.</summary>
    public TBody Value => body;

    object? IValueHttpResult.Value => body;

    /// <inheritdoc />
    public string ContentType => contentType;

    /// <summary>Sent as <c>Retry-After</c> in whole seconds when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Sent as <c>WWW-Authenticate</c> when set.</summary>
    public string? Challenge { get; init; }

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        HttpResponse response = httpContext.Response;
        response.StatusCode = statusCode;
        if (RetryAfter is { } retryAfter)
        {
            response.Headers[HeaderNames.RetryAfter] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (Challenge is not null)
        {
            response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        }

        return response.WriteAsJsonAsync(body, json, contentType, httpContext.RequestAborted);
    }
}
