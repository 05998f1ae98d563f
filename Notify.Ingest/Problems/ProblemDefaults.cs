using System.Diagnostics;

namespace Notify.Ingest.Problems;

/// <summary>
/// Fills what every problem carries: a <c>urn:notify:problem:…</c> type where the framework put an RFC link (its own
/// 404s, 405s, 500s), and the trace id to quote when reporting a fault.
/// </summary>
internal static class ProblemDefaults
{
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            problem.Type = ProblemTypes.ForStatus(status);
        if (status >= 500 && context.Exception is not null)
            problem.Detail = "Notify failed to handle the request; quote the traceId when reporting it.";
        problem.Extensions.TryAdd("traceId", Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
    }
}
