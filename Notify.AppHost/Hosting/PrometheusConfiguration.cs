using System.Globalization;
using System.Text;

namespace Notify.AppHost.Hosting;

/// <summary>The <c>prometheus.yml</c> that scrapes the stack: one job per service, one static target per replica.</summary>
public static class PrometheusConfiguration
{
    /// <summary>The configuration text for <paramref name="targets"/>, scraped every <paramref name="scrapeInterval"/>.</summary>
    public static string Render(IEnumerable<PrometheusTarget> targets, TimeSpan scrapeInterval)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"global:\n  scrape_interval: {Seconds(scrapeInterval)}\n  scrape_timeout: {Seconds(scrapeInterval)}\n");
        yaml.Append("scrape_configs:\n");
        foreach (IGrouping<string, PrometheusTarget> job in targets.GroupBy(target => target.Job, StringComparer.Ordinal))
        {
            PrometheusTarget first = job.First();
            yaml.Append(CultureInfo.InvariantCulture, $"- job_name: {Quoted(job.Key)}\n  scheme: {first.MetricsUrl.Scheme}\n  metrics_path: {Quoted(first.MetricsUrl.AbsolutePath)}\n  static_configs:\n");
            foreach (PrometheusTarget target in job)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - targets: [{Quoted(target.MetricsUrl.Authority)}]\n    labels:\n      resource: {Quoted(target.Resource)}\n");
            }
        }

        return yaml.ToString();
    }

    private static string Seconds(TimeSpan interval) => $"{Math.Max(1, (int)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";

    private static string Quoted(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
