using System.Text.Json.Nodes;

namespace Notify.Tests.Deployment;

/// <summary>Queries over rendered Kubernetes objects: by kind and name, their containers and environment.</summary>
internal static class KubernetesObjects
{
    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet"];

    public static string Kind(this JsonObject resource) => Text(resource["kind"]);

    public static string Name(this JsonObject resource) => Text(resource["metadata"]?["name"]);

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> resources, string kind) => resources.Where(r => r.Kind() == kind);

    public static JsonObject Single(this IEnumerable<JsonObject> resources, string kind, string name) =>
        Assert.Single(resources, r => r.Kind() == kind && r.Name() == name);

    public static IEnumerable<JsonObject> Workloads(this IEnumerable<JsonObject> resources) => resources.Where(r => WorkloadKinds.Contains(r.Kind()));

    public static IEnumerable<JsonObject> Containers(this JsonObject workload) =>
        (workload["spec"]?["template"]?["spec"]?["containers"]?.AsArray() ?? []).OfType<JsonObject>();

    public static JsonObject Container(this JsonObject workload, string name) => Assert.Single(workload.Containers(), c => Text(c["name"]) == name);

    public static IEnumerable<JsonObject> Env(this JsonObject container) => (container["env"]?.AsArray() ?? []).OfType<JsonObject>();

    public static JsonObject? Env(this JsonObject container, string name) => container.Env().SingleOrDefault(e => Text(e["name"]) == name);

    /// <summary>The literal value of a variable, or null when it is absent or read from elsewhere.</summary>
    public static string? EnvValue(this JsonObject container, string name) => container.Env(name)?["value"]?.GetValue<string>();

    public static int Int(JsonNode? node) => int.Parse(Text(node), System.Globalization.CultureInfo.InvariantCulture);

    public static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    /// <summary>Every string in <paramref name="node"/>, with its path.</summary>
    public static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject map:
                foreach ((string key, JsonNode? value) in map)
                {
                    foreach (var found in Strings(value, $"{path}.{key}"))
                        yield return found;
                }

                break;
            case JsonArray list:
                for (int i = 0; i < list.Count; i++)
                {
                    foreach (var found in Strings(list[i], $"{path}[{i}]"))
                        yield return found;
                }

                break;
            case JsonValue value:
                yield return (path, value.GetValue<string>());
                break;
        }
    }
}
