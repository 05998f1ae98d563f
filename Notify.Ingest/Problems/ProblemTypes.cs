namespace Notify.Ingest.Problems;

/// <summary>
/// The stable <c>type</c> of every problem Ingest answers with (RFC 9457). Clients branch on these, never on the
/// title or detail, which are for people and may change.
/// </summary>
public static class ProblemTypes
{
    /// <summary>400: one or more fields are missing, unknown or out of range; <c>errors</c> names each.</summary>
    public const string Validation = "urn:notify:problem:validation";

    /// <summary>400: the request is malformed in a way no field names (a bad header, a broken HTTP body).</summary>
    public const string BadRequest = "urn:notify:problem:bad-request";

    /// <summary>400: the body is not well-formed JSON, or not a JSON object.</summary>
    public const string MalformedJson = "urn:notify:problem:malformed-json";

    /// <summary>401: no API key, or one Notify does not know.</summary>
    public const string Unauthorized = "urn:notify:problem:unauthorized";

    /// <summary>403: the API key lacks the scope the endpoint needs.</summary>
    public const string Forbidden = "urn:notify:problem:forbidden";

    /// <summary>404: nothing of that id in the caller's tenant (or no such route).</summary>
    public const string NotFound = "urn:notify:problem:not-found";

    /// <summary>405: the route exists, the method does not.</summary>
    public const string MethodNotAllowed = "urn:notify:problem:method-not-allowed";

    /// <summary>409: the resource is not in a state that allows the request (e.g. already sent).</summary>
    public const string Conflict = "urn:notify:problem:conflict";

    /// <summary>413: the body is larger than the endpoint accepts.</summary>
    public const string PayloadTooLarge = "urn:notify:problem:payload-too-large";

    /// <summary>415: the body is not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = "urn:notify:problem:unsupported-media-type";

    /// <summary>429: the API client's rate limit is spent; <c>Retry-After</c> says when to try again.</summary>
    public const string RateLimited = "urn:notify:problem:rate-limited";

    /// <summary>503: the notification queue (NATS JetStream) cannot take work now; retrying with the same Idempotency-Key is safe.</summary>
    public const string QueueUnavailable = "urn:notify:problem:queue-unavailable";

    /// <summary>503: the database behind this read or write is unreachable; accepting notifications is unaffected.</summary>
    public const string StorageUnavailable = "urn:notify:problem:storage-unavailable";

    /// <summary>500: a fault of Notify's own, logged with the trace id the problem carries.</summary>
    public const string Internal = "urn:notify:problem:internal";

    /// <summary>Every type above with its status and meaning, for the API reference.</summary>
    public static IReadOnlyList<ProblemType> All { get; } =
    [
        new(Validation, 400, "One or more fields are missing, unknown or out of range; `errors` names each field (`data.courier.name`, `locales.en.sms.body`)."),
        new(BadRequest, 400, "The request is malformed in a way no field names (a bad header, a broken HTTP body)."),
        new(MalformedJson, 400, "The body is not well-formed JSON, or not a JSON object."),
        new(Unauthorized, 401, "No API key, or one Notify does not know."),
        new(Forbidden, 403, "The API key lacks the scope the endpoint needs (`send`, `read` or `admin`)."),
        new(NotFound, 404, "Nothing of that id in the caller's tenant (or no such route)."),
        new(MethodNotAllowed, 405, "The route exists, the method does not."),
        new(Conflict, 409, "The resource is not in a state that allows the request (e.g. already sent)."),
        new(PayloadTooLarge, 413, "The body is larger than the endpoint accepts."),
        new(UnsupportedMediaType, 415, "The body is not `application/json`."),
        new(RateLimited, 429, "The API client's rate limit is spent; `Retry-After` says when to try again."),
        new(QueueUnavailable, 503, "The notification queue cannot take work now; retrying with the same `Idempotency-Key` is safe (`Retry-After`)."),
        new(StorageUnavailable, 503, "The database behind this read or write is unreachable; accepting notifications is unaffected (`Retry-After`)."),
        new(Internal, 500, "A fault of Notify's own, logged with the `traceId` the problem carries."),
    ];

    /// <summary>The documented type that <paramref name="status"/> comes with when no more specific one applies.</summary>
    public static ProblemType Documented(int status) => All.First(p => p.Type == ForStatus(status));

    /// <summary>The type of a status code without a more specific one.</summary>
    public static string ForStatus(int statusCode) => statusCode switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => QueueUnavailable,
        _ => statusCode >= 500 ? Internal : $"urn:notify:problem:http-{statusCode}",
    };
}
