using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using static Notify.Tests.Deployment.KubernetesObjects;

namespace Notify.Tests.Deployment;

/// <summary>
/// The container image settings of each service (<c>dotnet publish -t:PublishContainer</c>) agree with how the
/// Kubernetes manifests run it: the image name, the port, a numeric non-root user.
/// </summary>
public sealed class ContainerImageTests
{
    [Theory]
    [InlineData("Notify.Ingest", "ingest", "overlays/prod")]
    [InlineData("Notify.Dispatcher", "dispatcher", "overlays/prod")]
    [InlineData("Notify.Sandbox", "sandbox", "overlays/dev")]
    public void The_image_is_the_one_kubernetes_runs_listening_where_it_is_probed_as_a_non_root_user(string project, string service, string overlay)
    {
        XDocument csproj = XDocument.Load(RepositoryFiles.PathOf(project, $"{project}.csproj"));
        RenderedDeployment workload = new(Kustomize.Render(overlay).Single("Deployment", service));

        string repository = Property(csproj, "ContainerRepository");
        Assert.EndsWith($"/{repository}", "/" + workload.Image.Split(':')[0], StringComparison.Ordinal);
        Assert.Contains("latest", Property(csproj, "ContainerImageTags").Split(';'));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", Property(csproj, "ContainerBaseImage"), StringComparison.Ordinal);
        int user = int.Parse(Property(csproj, "ContainerUser"), NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.NotEqual(0, user);
        Assert.Equal(user.ToString(CultureInfo.InvariantCulture), workload.RunAsUser);
        string port = Assert.Single(Items(csproj, "ContainerPort")).Attribute("Include")!.Value;
        Assert.Equal(port, workload.ContainerPort);
        Assert.Equal(port, Items(csproj, "ContainerEnvironmentVariable").Single(v => v.Attribute("Include")?.Value == "HTTP_PORTS").Attribute("Value")?.Value);
    }

    private static string Property(XDocument csproj, string name) =>
        Assert.Single(csproj.Descendants(name)).Value;

    private static IEnumerable<XElement> Items(XDocument csproj, string name) => csproj.Descendants(name);

    /// <summary>What a rendered Deployment says about the service's container.</summary>
    private sealed class RenderedDeployment(JsonObject deployment)
    {
        private readonly JsonObject _container = Assert.Single(deployment.Containers());

        public string Image => Text(_container["image"]);

        public string RunAsUser => Text(deployment["spec"]?["template"]?["spec"]?["securityContext"]?["runAsUser"]);

        public string ContainerPort => Text(Assert.Single(_container["ports"]!.AsArray())?["containerPort"]);
    }
}
