using Aspire.Hosting.ApplicationModel;

namespace Notify.AppHost.Servers;

/// <summary>
/// redis-server run as a local program, with the connection string Aspire.Hosting.Redis gives its container
/// (<c>host:port</c>, StackExchange.Redis's format), for machines without a container engine.
/// </summary>
/// <param name="name">The resource name (<c>redis</c>).</param>
/// <param name="command">The redis-server program.</param>
/// <param name="workingDirectory">Its state directory.</param>
public sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The client endpoint's name.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The client endpoint.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
