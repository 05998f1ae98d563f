using System.Text.Json.Nodes;
using static Notify.Tests.Deployment.KubernetesObjects;

namespace Notify.Tests.Deployment;

/// <summary>
/// The kustomize overlays under <c>deploy/kubernetes</c>, rendered with <c>kubectl kustomize</c> as an operator would:
/// probes, resources, the Aspire configuration conventions, scaling and disruption settings, and no secret in the clear.
/// </summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Overlays => new() { "overlays/dev", "overlays/prod" };

    /// <summary>The Notify services (their resource names).</summary>
    private static readonly string[] Services = ["ingest", "dispatcher", "sandbox"];

    /// <summary>What Ingest and the dispatchers read, as ASPIRE-CONVENTIONS lists it for a published project.</summary>
    private static readonly string[] ServerConnections = ["ConnectionStrings__nats", "ConnectionStrings__redis", "ConnectionStrings__notifydb"];

    private static readonly string[] Telemetry = ["OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL"];

    private static readonly string[] PriorityStreams = ["NOTIFY_CRITICAL", "NOTIFY_HIGH", "NOTIFY_NORMAL", "NOTIFY_LOW"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_container_has_liveness_and_readiness_probes_and_resource_requests(string overlay)
    {
        var containers = Kustomize.Render(overlay).Workloads().SelectMany(w => w.Containers().Select(c => (Workload: w.Name(), Container: c))).ToList();

        Assert.NotEmpty(containers);
        Assert.All(containers, item =>
        {
            string at = $"{overlay} {item.Workload}/{Text(item.Container["name"])}";
            Assert.True(item.Container["livenessProbe"] is JsonObject, $"{at} has no liveness probe");
            Assert.True(item.Container["readinessProbe"] is JsonObject, $"{at} has no readiness probe");
            Assert.False(string.IsNullOrEmpty(Text(item.Container["resources"]?["requests"]?["cpu"])), $"{at} requests no CPU");
            Assert.False(string.IsNullOrEmpty(Text(item.Container["resources"]?["requests"]?["memory"])), $"{at} requests no memory");
            Assert.False(string.IsNullOrEmpty(Text(item.Container["resources"]?["limits"]?["memory"])), $"{at} has no memory limit");
        });
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Services_are_probed_on_alive_and_health_at_the_port_they_listen_on(string overlay)
    {
        var resources = Kustomize.Render(overlay);

        foreach (string service in Services.Where(s => s != "sandbox" || overlay.EndsWith("dev", StringComparison.Ordinal)))
        {
            JsonObject container = resources.Single("Deployment", service).Container(service);
            string listening = Assert.IsType<string>(container.EnvValue("HTTP_PORTS"));
            Assert.Null(container.Env("ASPNETCORE_URLS"));
            Assert.Equal("/alive", Text(container["livenessProbe"]?["httpGet"]?["path"]));
            Assert.Equal("/health", Text(container["readinessProbe"]?["httpGet"]?["path"]));
            foreach (string probe in new[] { "livenessProbe", "readinessProbe" })
            {
                Assert.Equal(listening, ContainerPort(container, Text(container[probe]?["httpGet"]?["port"])));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Services_are_configured_with_the_aspire_conventions(string overlay)
    {
        var resources = Kustomize.Render(overlay);

        foreach (string service in new[] { "ingest", "dispatcher" })
        {
            JsonObject container = resources.Single("Deployment", service).Container(service);
            foreach (string name in ServerConnections.Concat(Telemetry))
            {
                Assert.True(container.Env(name) is not null, $"{overlay} {service} lacks {name}");
            }

            Assert.Equal(service, container.EnvValue("OTEL_SERVICE_NAME"));
            Assert.Equal("service.instance.id=$(POD_NAME)", container.EnvValue("OTEL_RESOURCE_ATTRIBUTES"));
            Assert.Equal("metadata.name", Text(container.Env("POD_NAME")?["valueFrom"]?["fieldRef"]?["fieldPath"]));
            Assert.StartsWith("nats://", container.EnvValue("ConnectionStrings__nats"), StringComparison.Ordinal);
            // The exporter is on only where an endpoint is configured: read from an optional ConfigMap key.
            Assert.Equal("true", Text(container.Env("OTEL_EXPORTER_OTLP_ENDPOINT")?["valueFrom"]?["configMapKeyRef"]?["optional"]));
        }

        Assert.NotNull(resources.Single("Deployment", "dispatcher").Container("dispatcher").Env("ConnectionStrings__smtp"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_variable_read_from_a_secret_or_config_map_names_one_the_overlay_makes_or_documents(string overlay)
    {
        var resources = Kustomize.Render(overlay);
        string[] external = overlay.EndsWith("prod", StringComparison.Ordinal) ? ["notify-connections", "notify-providers", "notify-api-key", "notify-unsubscribe"] : [];
        var references = resources.Workloads()
            .SelectMany(w => w.Containers().SelectMany(c => c.Env().Select(e => (Where: $"{w.Name()} {Text(e["name"])}", From: e["valueFrom"]))))
            .Where(e => e.From?["secretKeyRef"] is not null || e.From?["configMapKeyRef"] is not null)
            .ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference =>
        {
            if (reference.From!["secretKeyRef"] is JsonNode secret)
            {
                string name = Text(secret["name"]);
                Assert.True(resources.Any(r => r.Kind() == "Secret" && r.Name() == name) || external.Contains(name),
                    $"{overlay} {reference.Where} reads Secret {name}, which is neither rendered nor one the overlay documents");
            }
            else
            {
                Assert.Equal("true", Text(reference.From["configMapKeyRef"]?["optional"]));
            }
        });
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Ingest_scales_with_an_hpa_and_keeps_a_pod_through_disruptions(string overlay)
    {
        var resources = Kustomize.Render(overlay);
        JsonObject ingest = resources.Single("Deployment", "ingest");
        JsonObject hpa = resources.Single("HorizontalPodAutoscaler", "ingest");
        JsonObject pdb = resources.Single("PodDisruptionBudget", "ingest");

        Assert.Equal("Deployment", Text(hpa["spec"]?["scaleTargetRef"]?["kind"]));
        Assert.Equal("ingest", Text(hpa["spec"]?["scaleTargetRef"]?["name"]));
        int min = Int(hpa["spec"]?["minReplicas"]), max = Int(hpa["spec"]?["maxReplicas"]), replicas = Int(ingest["spec"]?["replicas"]);
        Assert.InRange(min, 2, max);
        Assert.InRange(replicas, min, max);
        Assert.NotEmpty(hpa["spec"]?["metrics"]?.AsArray() ?? []);
        // The budget lets a drain proceed (fewer required than the smallest scale) and selects Ingest's pods.
        Assert.InRange(Int(pdb["spec"]?["minAvailable"]), 1, min - 1);
        AssertSelects(pdb["spec"]?["selector"]?["matchLabels"], ingest);
        AssertSelects(resources.Single("Service", "ingest")["spec"]?["selector"], ingest);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Dispatchers_scale_with_keda_on_the_lag_of_every_priority_streams_dispatch_consumer(string overlay)
    {
        var resources = Kustomize.Render(overlay);
        JsonObject dispatcher = resources.Single("Deployment", "dispatcher");
        JsonObject scaled = resources.Single("ScaledObject", "dispatcher");

        Assert.Equal("keda.sh/v1alpha1", Text(scaled["apiVersion"]));
        Assert.Equal("Deployment", Text(scaled["spec"]?["scaleTargetRef"]?["kind"]));
        Assert.Equal("dispatcher", Text(scaled["spec"]?["scaleTargetRef"]?["name"]));
        int min = Int(scaled["spec"]?["minReplicaCount"]), max = Int(scaled["spec"]?["maxReplicaCount"]);
        Assert.InRange(min, 1, max);
        Assert.InRange(Int(dispatcher["spec"]?["replicas"]), min, max);
        var triggers = (scaled["spec"]?["triggers"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
        Assert.Equal(PriorityStreams.Order(), triggers.Select(t => Text(t["metadata"]?["stream"])).Order());
        string @namespace = Text(dispatcher["metadata"]?["namespace"]);
        Assert.All(triggers, trigger =>
        {
            Assert.Equal("nats-jetstream", Text(trigger["type"]));
            Assert.Equal("dispatch", Text(trigger["metadata"]?["consumer"]));
            Assert.True(Int(trigger["metadata"]?["lagThreshold"]) > 0, "lagThreshold is set");
            // The monitoring port of the NATS headless service, in the namespace the overlay deploys to.
            Assert.Equal($"nats-headless.{@namespace}.svc.cluster.local:8222", Text(trigger["metadata"]?["natsServerMonitoringEndpoint"]));
        });
        JsonObject headless = resources.Single("Service", "nats-headless");
        Assert.Contains(headless["spec"]?["ports"]?.AsArray().OfType<JsonObject>() ?? [], p => Text(p["port"]) == "8222");
        Assert.Equal(@namespace, Text(headless["metadata"]?["namespace"]));
    }

    [Fact]
    public void Dev_runs_one_jetstream_node_and_in_cluster_redis_postgres_smtp_and_the_sandbox()
    {
        var resources = Kustomize.Render("overlays/dev");

        Assert.Equal(1, Int(resources.Single("StatefulSet", "nats")["spec"]?["replicas"]));
        Assert.Contains("jetstream", NatsConfig(resources), StringComparison.Ordinal);
        Assert.DoesNotContain("routes", NatsConfig(resources), StringComparison.Ordinal);
        foreach ((string kind, string name) in new[] { ("Deployment", "redis"), ("StatefulSet", "postgres"), ("Deployment", "smtp"), ("Deployment", "sandbox") })
        {
            resources.Single(kind, name);
            resources.Single("Service", name);
        }

        JsonObject dispatcher = resources.Single("Deployment", "dispatcher").Container("dispatcher");
        Assert.Equal("http://sandbox", dispatcher.EnvValue("Notify__Providers__Fcm__BaseUrl"));
        Assert.Equal("http://sandbox", dispatcher.EnvValue("Notify__Providers__Twilio__BaseUrl"));
    }

    [Fact]
    public void Prod_runs_a_three_node_jetstream_cluster_and_replicates_the_streams_three_times()
    {
        var resources = Kustomize.Render("overlays/prod");
        JsonObject nats = resources.Single("StatefulSet", "nats");
        string config = NatsConfig(resources);

        Assert.Equal(3, Int(nats["spec"]?["replicas"]));
        Assert.Equal("nats-headless", Text(nats["spec"]?["serviceName"]));
        Assert.Contains("jetstream", config, StringComparison.Ordinal);
        foreach (int node in new[] { 0, 1, 2 })
        {
            Assert.Contains($"nats://nats-{node}.nats-headless:6222", config, StringComparison.Ordinal);
        }

        Assert.Equal("1", Text(resources.Single("PodDisruptionBudget", "nats")["spec"]?["maxUnavailable"]));
        foreach (string service in new[] { "ingest", "dispatcher" })
        {
            Assert.Equal("3", resources.Single("Deployment", service).Container(service).EnvValue("Notify__Streams__Replicas"));
        }
    }

    [Fact]
    public void Prod_takes_postgres_and_redis_from_outside_and_runs_no_sandbox()
    {
        var resources = Kustomize.Render("overlays/prod");

        Assert.Equal(["dispatcher", "ingest", "nats"], resources.Workloads().Select(w => w.Name()).Order().ToArray());
        JsonObject dispatcher = resources.Single("Deployment", "dispatcher").Container("dispatcher");
        Assert.StartsWith("https://", dispatcher.EnvValue("Notify__Providers__Fcm__BaseUrl"), StringComparison.Ordinal);
        Assert.StartsWith("https://", dispatcher.EnvValue("Notify__Providers__Twilio__BaseUrl"), StringComparison.Ordinal);
        Assert.DoesNotContain(resources.Workloads().SelectMany(w => w.Containers()).SelectMany(c => c.Env()), e => Text(e["name"]).StartsWith("services__sandbox", StringComparison.Ordinal));
    }

    [Fact]
    public void Prod_has_no_secret_with_data_and_no_credential_in_the_clear()
    {
        var resources = Kustomize.Render("overlays/prod");

        Assert.Empty(resources.OfKind("Secret"));
        var env = resources.Workloads().SelectMany(w => w.Containers().SelectMany(c => c.Env().Select(e => (Where: $"{w.Name()} {Text(e["name"])}", Variable: e))));
        Assert.All(env, item =>
        {
            string name = Text(item.Variable["name"]);
            bool sensitive = name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) || name.Contains("Token", StringComparison.OrdinalIgnoreCase)
                || name.Contains("Secret", StringComparison.OrdinalIgnoreCase) || name.EndsWith("__Key", StringComparison.Ordinal)
                || name.Contains("AccountSid", StringComparison.Ordinal) || (name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && name != "ConnectionStrings__nats");
            if (sensitive)
                Assert.True(item.Variable["secretKeyRef"] is null && item.Variable["valueFrom"]?["secretKeyRef"] is not null, $"{item.Where} is not read from a Secret");
        });
        Assert.All(Strings(new JsonArray([.. resources.Select(r => r.DeepClone())])), found =>
        {
            Assert.DoesNotMatch(@"(?i)(password|pwd|secret|token)\s*[=:]\s*\S", found.Value);
            Assert.DoesNotMatch(@"://[^/\s:@]+:[^/\s@]+@", found.Value);
        });
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Servers_run_the_images_the_aspire_manifest_names(string overlay)
    {
        var resources = Kustomize.Render(overlay);
        string[] servers = overlay.EndsWith("dev", StringComparison.Ordinal) ? ["nats", "redis", "postgres", "smtp"] : ["nats"];

        foreach (string server in servers)
        {
            string image = Text(Assert.Single(resources.Workloads(), w => w.Name() == server).Container(server)["image"]);
            string published = AspireManifestTests.Load("deploy", "aspire-manifest.json").GetProperty("resources").GetProperty(server).GetProperty("image").GetString()!;
            Assert.Equal(published.Replace("docker.io/", "", StringComparison.Ordinal).Replace("library/", "", StringComparison.Ordinal), image);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Services_get_every_variable_the_aspire_manifest_gives_them(string overlay)
    {
        var resources = Kustomize.Render(overlay);
        bool dev = overlay.EndsWith("dev", StringComparison.Ordinal);
        var manifest = AspireManifestTests.Load("deploy", "aspire-manifest.json").GetProperty("resources");

        foreach (string service in Services.Where(s => s != "sandbox" || dev))
        {
            var names = resources.Single("Deployment", service).Container(service).Env().Select(e => Text(e["name"])).ToHashSet();
            // Production runs no sandbox: nothing there to discover.
            var expected = manifest.GetProperty(service).GetProperty("env").EnumerateObject().Select(v => v.Name)
                .Where(name => dev || !name.StartsWith("services__sandbox__", StringComparison.Ordinal));
            Assert.All(expected, name => Assert.True(names.Contains(name), $"{overlay} {service} lacks {name}, which the manifest gives it"));
        }
    }

    private static string NatsConfig(IReadOnlyList<JsonObject> resources)
    {
        JsonObject configMap = Assert.Single(resources.OfKind("ConfigMap"), c => c.Name().StartsWith("nats-config", StringComparison.Ordinal));
        return Text(configMap["data"]?["nats.conf"]);
    }

    /// <summary>The container port <paramref name="port"/> names (or is).</summary>
    private static string ContainerPort(JsonObject container, string port) =>
        (container["ports"]?.AsArray().OfType<JsonObject>() ?? []).Where(p => Text(p["name"]) == port || Text(p["containerPort"]) == port)
            .Select(p => Text(p["containerPort"])).SingleOrDefault() ?? $"(no container port {port})";

    private static void AssertSelects(JsonNode? selector, JsonObject workload)
    {
        JsonNode? labels = workload["spec"]?["template"]?["metadata"]?["labels"];
        var pairs = Assert.IsType<JsonObject>(selector).ToList();
        Assert.NotEmpty(pairs);
        Assert.All(pairs, pair => Assert.Equal(Text(pair.Value), Text(labels?[pair.Key])));
    }
}
