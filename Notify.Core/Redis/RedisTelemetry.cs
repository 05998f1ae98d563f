using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Notify.Core.Redis;

/// <summary>
/// Tracing names: the ActivitySource <c>Notify.Redis</c> emits one client span per command, with the OpenTelemetry
/// database tags (<c>db.system.name</c>, <c>db.operation.name</c>, <c>db.namespace</c>, <c>server.*</c>), only
/// while someone listens and <see cref="RedisOptions.DisableTracing"/> is off.
/// </summary>
public static class RedisTelemetry
{
    /// <summary>Name of the ActivitySource; add it to the tracer provider to export command spans.</summary>
    public const string SourceName = "Notify.Redis";

    internal static readonly ActivitySource Source = new(SourceName, typeof(RedisTelemetry).Assembly.GetName().Version?.ToString());

    internal static Activity? StartCommand(RedisOptions options, string operation, DnsEndPoint server)
    {
        if (options.DisableTracing || !Source.HasListeners())
            return null;
        var activity = Source.StartActivity(operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.namespace", options.DefaultDatabase.ToString(CultureInfo.InvariantCulture));
            activity.SetTag("server.address", server.Host);
            activity.SetTag("server.port", server.Port);
        }
        return activity;
    }

    internal static void Failed(Activity activity, Exception error)
    {
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.SetTag("error.type", error is RedisServerException server ? server.ErrorCode : error.GetType().FullName);
    }
}
