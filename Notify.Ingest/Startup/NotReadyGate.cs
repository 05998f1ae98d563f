using Notify.Ingest.Problems;

namespace Notify.Ingest.Startup;

/// <summary>Answers every API request with 503 problem details until <see cref="JetStreamReadiness"/> is ready.</summary>
internal sealed class NotReadyGate(RequestDelegate next, JetStreamReadiness readiness, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context) =>
        readiness.IsReady || !context.Request.Path.StartsWithSegments("/v1") ? next(context) : RefuseAsync(context);

    private async Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        ApiProblems.SetRetryAfter(context.Response, ApiProblems.UnavailableRetryAfter);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemTypes.QueueUnavailable,
                Title = "Notify is starting.",
                Detail = "Waiting for NATS JetStream; retry shortly.",
            },
        }).ConfigureAwait(false);
    }
}
