using System.Net;
using System.Net.Http.Headers;
using Polly.Timeout;

namespace Notify.Dispatcher.Channels;

/// <summary>What HTTP providers' answers mean for a retry.</summary>
internal static class HttpOutcomes
{
    /// <summary>Statuses worth retrying: timeouts, throttling, server errors; and our own credentials (an operator fixes them while messages wait).</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Conflict or (HttpStatusCode)425;

    /// <summary>The provider's Retry-After, as a delay.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter is not { } retry)
            return null;
        if (retry.Delta is { } delta)
            return delta;
        return retry.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    /// <summary>A network failure or timeout: always worth retrying.</summary>
    public static SendOutcome FromException(string provider, Exception ex) => ex switch
    {
        // TimeoutRejectedException: HttpClientDefaults:Timeout, the resilience handler's, ran out first.
        TaskCanceledException or TimeoutException or TimeoutRejectedException => SendOutcome.Retry(provider, "timed out"),
        HttpRequestException http => SendOutcome.Retry(provider, $"network error: {http.HttpRequestError}"),
        _ => SendOutcome.Retry(provider, ex.Message),
    };
}
