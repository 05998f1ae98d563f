using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Notify.Ingest.Problems;

/// <summary>The problems handlers answer with, each with its stable <see cref="ProblemTypes">type</see>.</summary>
public static class ApiProblems
{
    /// <summary>How long a client should wait before retrying while NATS or PostgreSQL is away.</summary>
    public static readonly TimeSpan UnavailableRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>400 naming each bad field.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "See errors for each field.", title: "The request is not valid.", type: ProblemTypes.Validation);

    /// <summary>400 naming each bad field, as a plain problem result (for failures found before the handler's own validation).</summary>
    public static ProblemHttpResult InvalidFields(IDictionary<string, string[]> errors, string type = ProblemTypes.Validation, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = type,
            Title = type == ProblemTypes.MalformedJson ? "The body is not valid JSON." : "The request is not valid.",
            Detail = detail ?? "See errors for each field.",
        });

    /// <summary>404.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.", type: ProblemTypes.NotFound);

    /// <summary>409.</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.", type: ProblemTypes.Conflict);

    /// <summary>413.</summary>
    public static ProblemHttpResult PayloadTooLarge(long limit) =>
        TypedResults.Problem($"The body may be at most {limit.ToString(CultureInfo.InvariantCulture)} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large.", type: ProblemTypes.PayloadTooLarge);

    /// <summary>415.</summary>
    public static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem("Send the body as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type.", type: ProblemTypes.UnsupportedMediaType);

    /// <summary>503 because NATS JetStream cannot take the work now; sets <c>Retry-After</c>.</summary>
    public static ProblemHttpResult QueueUnavailable(HttpResponse response, string detail = "The notification queue is unreachable; retry with the same Idempotency-Key.")
    {
        SetRetryAfter(response, UnavailableRetryAfter);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The notification queue is unavailable.", type: ProblemTypes.QueueUnavailable);
    }

    /// <summary>503 because PostgreSQL is unreachable; sets <c>Retry-After</c>.</summary>
    public static ProblemHttpResult StorageUnavailable(HttpResponse response)
    {
        SetRetryAfter(response, UnavailableRetryAfter);
        return TypedResults.Problem("The database is unreachable; notifications are still accepted.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage is unavailable.", type: ProblemTypes.StorageUnavailable);
    }

    /// <summary>Sets <c>Retry-After</c> in whole seconds, at least one.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan after) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
