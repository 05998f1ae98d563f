using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>The service's configuration: references, the launcher's own variables, and extra ones.</summary>
public sealed partial class ProjectResource
{
    private readonly List<ProcessResource> _references = [];
    private readonly List<KeyValuePair<string, Func<string>>> _computedEnvironment = [];

    /// <summary>The resources whose variables the service gets, in the order they were added.</summary>
    public IReadOnlyList<ProcessResource> References => _references;

    /// <summary>
    /// Gives the service <paramref name="resource"/>'s variables (<c>ConnectionStrings__nats</c>, <c>NATS_URI</c>, …,
    /// or <c>services__sandbox__http__0</c> for a project), as Aspire's <c>WithReference</c> does. Read at each start.
    /// </summary>
    /// <returns>This resource, to chain calls.</returns>
    public ProjectResource WithReference(ProcessResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _references.Add(resource);
        return this;
    }

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/>; see <see cref="WithEnvironment(string, Func{string})"/> for the order.</summary>
    /// <returns>This resource, to chain calls.</returns>
    public ProjectResource WithEnvironment(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return WithEnvironment(name, () => value);
    }

    /// <summary>
    /// Sets <paramref name="name"/> to what <paramref name="value"/> returns at each start, e.g. another resource's
    /// URL once its port is known. Applied after the composed variables and before <see cref="ProjectResourceOptions.Environment"/>,
    /// so a composition's settings can still be overridden per resource.
    /// </summary>
    /// <returns>This resource, to chain calls.</returns>
    public ProjectResource WithEnvironment(string name, Func<string> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        _computedEnvironment.Add(new(name, value));
        return this;
    }

    /// <summary>
    /// The environment the service is started with: the references' variables, then <c>ASPNETCORE_URLS</c>, the
    /// environment name and the OpenTelemetry variables, then <see cref="WithEnvironment(string, Func{string})"/>'s, then the options' extra ones. Needs the ports of this resource and
    /// of its references, so it is known once they are started.
    /// </summary>
    public IReadOnlyDictionary<string, string> GetServiceEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ProcessResource reference in _references)
        {
            SetAll(environment, reference.GetEnvironmentVariables());
        }

        environment["ASPNETCORE_URLS"] = AspireConfiguration.HttpUrl(Port);
        environment["DOTNET_ENVIRONMENT"] = _options.EnvironmentName;
        environment["ASPNETCORE_ENVIRONMENT"] = _options.EnvironmentName;
        SetAll(environment, AspireConfiguration.ForOpenTelemetry(ServiceName, Name, _options.OtlpEndpoint, _options.OtlpProtocol));
        foreach ((string name, Func<string> value) in _computedEnvironment)
        {
            environment[name] = value();
        }

        SetAll(environment, _options.Environment);

        return environment;
    }

    private static void SetAll(Dictionary<string, string> environment, IEnumerable<KeyValuePair<string, string>> variables)
    {
        foreach ((string name, string value) in variables)
        {
            environment[name] = value;
        }
    }
}
