namespace Notify.AppHost.Hosting;

/// <summary>One endpoint Prometheus scrapes: the service (its job), the replica (resource) and its <c>/metrics</c> URL.</summary>
/// <param name="Job">The service, e.g. <c>dispatcher</c>; its replicas share it.</param>
/// <param name="Resource">The resource, e.g. <c>dispatcher-1</c>: the <c>resource</c> label of its series.</param>
/// <param name="MetricsUrl">Where its Prometheus text is, e.g. <c>http://127.0.0.1:5100/metrics</c>.</param>
public sealed record PrometheusTarget(string Job, string Resource, Uri MetricsUrl)
{
    /// <summary>The <c>/metrics</c> endpoint of a started service.</summary>
    public static PrometheusTarget Of(ProjectResource service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new PrometheusTarget(service.ServiceName, service.Name, new Uri(service.Url, "/metrics"));
    }
}
