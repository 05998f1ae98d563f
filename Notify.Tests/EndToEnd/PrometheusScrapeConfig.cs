using YamlDotNet.RepresentationModel;

namespace Notify.Tests.EndToEnd;

/// <summary>The scrape jobs of a <c>prometheus.yml</c>, read as Prometheus reads them: name, path, targets and their <c>resource</c> label.</summary>
internal sealed record PrometheusScrapeConfig(string Name, string MetricsPath, IReadOnlyList<(string Address, string Resource)> Targets)
{
    public static IReadOnlyList<PrometheusScrapeConfig> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        return ((YamlSequenceNode)root["scrape_configs"]).Cast<YamlMappingNode>().Select(job => new PrometheusScrapeConfig(
            Scalar(job["job_name"]),
            job.Children.TryGetValue("metrics_path", out YamlNode? path) ? Scalar(path) : "/metrics",
            [.. ((YamlSequenceNode)job["static_configs"]).Cast<YamlMappingNode>().SelectMany(group =>
                ((YamlSequenceNode)group["targets"]).Select(target => (Scalar(target), Scalar(((YamlMappingNode)group["labels"])["resource"]))))]))
            .ToList();
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
