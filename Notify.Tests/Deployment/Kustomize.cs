using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Notify.Tests.Deployment;

/// <summary>
/// Renders a kustomization under <c>deploy/kubernetes</c> with <c>kubectl kustomize</c>, as CI and an operator do,
/// and parses the objects (every scalar a string, as YAML untyped). Each directory is rendered once per test run.
/// </summary>
internal static class Kustomize
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<JsonObject>>> Rendered = new();

    /// <summary>The objects <c>deploy/kubernetes/<paramref name="directory"/></c> renders to.</summary>
    public static IReadOnlyList<JsonObject> Render(string directory) =>
        Rendered.GetOrAdd(directory, d => new Lazy<IReadOnlyList<JsonObject>>(() => Parse(Run(RepositoryFiles.PathOf("deploy", "kubernetes", d))))).Value;

    private static string Run(string directory)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"kubectl is not installed ({exception.Message}): the deployment tests render the overlays with `kubectl kustomize`; " +
                "./dev.sh installs it (Debian package kubernetes-client)", exception);
        }

        using (process)
        {
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0
                ? output
                : throw new InvalidOperationException($"kubectl kustomize {directory} exited with {process.ExitCode}: {error.Result}");
        }
    }

    private static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        IDeserializer deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<JsonObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (ToJson(deserializer.Deserialize<object?>(parser)) is JsonObject document)
                objects.Add(document);
        }

        return objects;
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(e => KeyValuePair.Create(e.Key.ToString()!, ToJson(e.Value)))),
        string scalar => JsonValue.Create(scalar),
        IEnumerable<object?> list => new JsonArray([.. list.Select(ToJson)]),
        _ => JsonValue.Create(value.ToString()),
    };
}
