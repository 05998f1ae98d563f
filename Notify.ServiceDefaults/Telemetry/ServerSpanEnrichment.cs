using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>
/// Completes ASP.NET Core's server span the way OpenTelemetry's HTTP conventions want it: <c>http.route</c>,
/// <c>http.response.status_code</c>, the name <c>"{METHOD} {route}"</c>, and status Error for 5xx. Probes of the
/// default endpoints are left unrecorded, as Aspire's defaults do, so scrapes do not flood the traces.
/// </summary>
internal static class ServerSpanEnrichment
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        Activity? activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null || !activity.IsAllDataRequested)
        {
            await next(context);
            return;
        }

        if (DefaultEndpoints.IsProbe(context.Request.Path))
        {
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            // The server answers 500 once the exception leaves the pipeline; the span should say so already.
            Complete(activity, context, StatusCodes.Status500InternalServerError, exception.GetType().FullName);
            throw;
        }

        Complete(activity, context, context.Response.StatusCode, errorType: null);
    }

    private static void Complete(Activity activity, HttpContext context, int statusCode, string? errorType)
    {
        string method = context.Request.Method;
        string? route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        activity.SetTag("http.response.status_code", statusCode);
        if (route is not null)
        {
            activity.SetTag("http.route", route);
        }

        activity.DisplayName = route is null ? method : $"{method} {route}";
        if (statusCode >= StatusCodes.Status500InternalServerError)
        {
            activity.SetTag("error.type", errorType ?? statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
