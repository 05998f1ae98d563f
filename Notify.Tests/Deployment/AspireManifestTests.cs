using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Notify.Tests.Deployment;

/// <summary>
/// <c>deploy/aspire-manifest.json</c>: the stack as the AppHost publishes it (<c>./dev.sh manifest</c>), in the shape
/// <c>aspirate generate -m</c> reads (8.x/9.x: no <c>annotated.string</c>, no conditional values, secrets in env), valid
/// against the Aspire schema (checked with JsonSchema.Net) and consistent with the configuration conventions.
/// </summary>
public sealed partial class AspireManifestTests
{
    private static readonly JsonElement Manifest = Load("deploy", "aspire-manifest.json");

    /// <summary>What each Notify service reads, by the resource that provides it.</summary>
    private static readonly Dictionary<string, string[]> References = new()
    {
        ["ingest"] = ["nats", "redis", "notifydb"],
        ["dispatcher"] = ["nats", "redis", "notifydb", "smtp"],
    };

    /// <summary>The resource types aspirate turns into Kubernetes objects or values.</summary>
    private static readonly string[] AspirateTypes = ["container.v0", "project.v0", "parameter.v0", "value.v0"];

    /// <summary>The Aspire manifest schema (draft 7), built once: its <c>$id</c> can be registered only once.</summary>
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(RepositoryFiles.PathOf("deploy", "schema", "aspire-8.0.schema.json")));

    internal static JsonElement Load(params string[] path) => JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf(path))).RootElement;

    [Fact]
    public async Task The_committed_manifest_is_the_one_the_apphost_publishes()
    {
        JsonObject published = await PublishedManifest.GetAsync();
        JsonObject committed = JsonNode.Parse(Manifest.GetRawText())!.AsObject();

        var resources = published["resources"]!.AsObject().Select(r => r.Key)
            .Union(committed["resources"]!.AsObject().Select(r => r.Key));
        string[] differing = [.. resources.Where(name => !JsonNode.DeepEquals(published["resources"]![name], committed["resources"]![name]))];
        Assert.True(
            differing.Length == 0 && JsonNode.DeepEquals(published, committed),
            $"deploy/aspire-manifest.json is not what the AppHost publishes (resources {string.Join(", ", differing)}): run ./dev.sh manifest");
    }

    [Fact]
    public void The_manifest_is_valid_against_the_aspire_manifest_schema()
    {
        Assert.Empty(SchemaErrors(Manifest));
    }

    [Fact]
    public void The_manifest_has_only_what_aspirate_understands()
    {
        Assert.All(Resources(), r => Assert.Contains(r.Value.GetProperty("type").GetString(), AspirateTypes));
        // A value.v0 is a connection string aspirate substitutes: none is empty (what a conditional expression leaves).
        Assert.All(Resources().Where(r => r.Value.GetProperty("type").GetString() == "value.v0"), r =>
            Assert.False(string.IsNullOrEmpty(r.Value.GetProperty("connectionString").GetString()), $"{r.Name} has an empty connection string"));
        // aspirate copies args as they are: a secret there would be in the clear, and an expression left unsubstituted.
        Assert.All(Resources().Where(r => r.Value.TryGetProperty("args", out _)), r =>
            Assert.All(Strings(r.Value.GetProperty("args")), arg => Assert.DoesNotContain("{", arg, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/resources/nats/image", "/resources/nats")] // a container without its image
    [InlineData("/resources/ingest/env/HTTP_PORTS", "/resources/ingest/env/HTTP_PORTS", 8080)] // not a string
    [InlineData("/resources/ingest/replicas", "/resources/ingest/replicas", 3)] // no such property
    [InlineData("/resources/nats/bindings/tcp/protocol", "/resources/nats/bindings/tcp/protocol", "sctp")] // not one of tcp, udp
    public void A_copy_of_the_manifest_with_an_error_fails_the_schema_where_the_error_is(string change, string where, object? value = null)
    {
        JsonObject broken = JsonNode.Parse(Manifest.GetRawText())!.AsObject();
        string[] path = change.TrimStart('/').Split('/');
        JsonObject parent = path[..^1].Aggregate(broken, (node, name) => node[name]!.AsObject());
        if (value is null)
            Assert.True(parent.Remove(path[^1]), $"{change} is in the manifest");
        else
            parent[path[^1]] = JsonValue.Create(value);

        IReadOnlyList<string> errors = SchemaErrors(JsonSerializer.SerializeToElement(broken));

        Assert.Contains(errors, error => error.StartsWith(where + ":", StringComparison.Ordinal));
    }

    /// <summary>
    /// Where and how <paramref name="manifest"/> breaks the schema, one line per failing location; empty when valid. Only
    /// failures under failing schemas count: the branches a resource does not take of the schema's <c>oneOf</c> on its type
    /// fail too, but do not make the manifest invalid.
    /// </summary>
    private static IReadOnlyList<string> SchemaErrors(JsonElement manifest)
    {
        EvaluationResults results = Schema.Evaluate(manifest, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return [.. Failures(results)];

        static IEnumerable<string> Failures(EvaluationResults node) => node.IsValid
            ? []
            : (node.Errors ?? new Dictionary<string, string>()).Select(e => $"{node.InstanceLocation}: {e.Value}")
                .Concat((node.Details ?? []).SelectMany(Failures));
    }

    [Fact]
    public void Resources_carry_the_names_and_types_of_the_conventions()
    {
        var types = Resources().ToDictionary(r => r.Name, r => r.Value.GetProperty("type").GetString());

        foreach (string container in new[] { "nats", "redis", "postgres", "smtp" })
            Assert.Equal("container.v0", types[container]);
        foreach (string project in new[] { "ingest", "dispatcher", "sandbox" })
        {
            Assert.Equal("project.v0", types[project]);
            string path = Resource(project).GetProperty("path").GetString()!;
            Assert.True(File.Exists(RepositoryFiles.PathOf("deploy", path)), $"{project}'s project {path} exists relative to the manifest");
            Assert.Equal($"{{{project}.bindings.http.targetPort}}", Env(project)["HTTP_PORTS"]);
        }

        Assert.Equal("value.v0", types["notifydb"]);
        Assert.EndsWith(";Database=notifydb", Resource("notifydb").GetProperty("connectionString").GetString(), StringComparison.Ordinal);
        Assert.Contains(Resource("ingest").GetProperty("bindings").EnumerateObject(), b => b.Value.TryGetProperty("external", out var external) && external.GetBoolean());
    }

    [Fact]
    public void Services_get_the_connection_string_of_each_reference()
    {
        foreach ((string service, string[] references) in References)
        {
            var env = Env(service);
            foreach (string reference in references)
                Assert.Equal($"{{{reference}.connectionString}}", env.GetValueOrDefault($"ConnectionStrings__{reference}"));
        }

        // The providers at the sandbox by name, which service discovery resolves (services__sandbox__http__0).
        Assert.Equal("{sandbox.bindings.http.url}", Env("dispatcher")["services__sandbox__http__0"]);
        Assert.Equal("http://sandbox", Env("dispatcher")["Notify__Providers__Fcm__BaseUrl"]);
        Assert.Equal("http://sandbox", Env("dispatcher")["Notify__Providers__Twilio__BaseUrl"]);
    }

    [Fact]
    public void Every_expression_names_a_resource_and_binding_of_the_manifest()
    {
        var strings = Resources().SelectMany(r => Strings(r.Value).Select(s => (r.Name, Value: s))).ToList();
        var expressions = strings.SelectMany(s => Expression().Matches(s.Value).Select(m => (s.Name, Match: m))).ToList();

        Assert.NotEmpty(expressions);
        Assert.All(expressions, e =>
        {
            string target = e.Match.Groups["resource"].Value;
            Assert.True(Manifest.GetProperty("resources").TryGetProperty(target, out JsonElement resource), $"{e.Name}: {e.Match.Value} names no resource");
            string property = e.Match.Groups["property"].Value;
            if (property.StartsWith("bindings.", StringComparison.Ordinal))
                Assert.True(resource.GetProperty("bindings").TryGetProperty(property.Split('.')[1], out _), $"{e.Name}: {e.Match.Value} names no binding");
            else if (property == "connectionString")
                Assert.True(resource.TryGetProperty("connectionString", out _), $"{e.Name}: {target} has no connection string");
            else
                Assert.Equal("parameter.v0", resource.GetProperty("type").GetString());
        });
        // Nothing between braces that is not an expression aspirate understands.
        Assert.All(strings, s => Assert.DoesNotMatch(@"\{(?![a-z0-9-]+\.(connectionString|value|inputs\.value|bindings\.[a-z0-9]+\.(host|port|targetPort|url))\})", s.Value));
    }

    [Fact]
    public void Passwords_and_keys_are_generated_secret_parameters_never_literals()
    {
        string[] secrets = ["postgres-password", "redis-password", "ingest-api-key", "unsubscribe-signing-key"];

        Assert.Equal(secrets.Order(), Resources().Where(r => r.Value.GetProperty("type").GetString() == "parameter.v0"
            && r.Value.GetProperty("inputs").GetProperty("value").TryGetProperty("secret", out JsonElement secret) && secret.GetBoolean()).Select(r => r.Name).Order());

        foreach (string name in secrets)
        {
            JsonElement input = Resource(name).GetProperty("inputs").GetProperty("value");
            Assert.True(input.GetProperty("secret").GetBoolean(), $"{name} is secret");
            Assert.True(input.GetProperty("default").GetProperty("generate").GetProperty("minLength").GetInt32() >= 22, $"{name} is generated long enough");
        }

        Assert.Equal("{postgres-password.value}", Env("postgres")["POSTGRES_PASSWORD"]);
        Assert.Equal("{redis-password.value}", Env("redis")["REDIS_PASSWORD"]);
        Assert.Equal("{ingest-api-key.value}", Env("ingest")["Notify__ApiKeys__Bootstrap__0__Key"]);
        Assert.Equal(Env("ingest")["Notify__Unsubscribe__SigningKey"], Env("dispatcher")["Notify__Unsubscribe__SigningKey"]);
        Assert.All(Resources().SelectMany(r => Strings(r.Value)), value =>
            Assert.DoesNotMatch(@"(?i)(password|pwd|secret|token)\s*=\s*(?!\{)", value));
    }

    private static IEnumerable<(string Name, JsonElement Value)> Resources() =>
        Manifest.GetProperty("resources").EnumerateObject().Select(p => (p.Name, p.Value));

    private static JsonElement Resource(string name) => Manifest.GetProperty("resources").GetProperty(name);

    private static Dictionary<string, string> Env(string name) =>
        Resource(name).GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [GeneratedRegex(@"\{(?<resource>[a-z0-9-]+)\.(?<property>connectionString|value|inputs\.value|bindings\.[a-z0-9]+\.(host|port|targetPort|url))\}")]
    private static partial Regex Expression();
}
