using Aspire.Hosting.ApplicationModel;

namespace Notify.AppHost.Servers;

/// <summary>
/// A server published as a container image (nats, the SMTP relay) whose clients take <c>scheme://host:port</c> as
/// their connection string: the shape Aspire.Hosting.Nats's container resource has, for the manifest a cluster is
/// deployed from.
/// </summary>
/// <param name="name">The resource name.</param>
/// <param name="scheme">The connection string's scheme (<c>nats</c>, <c>smtp</c>).</param>
public sealed class ServerContainerResource(string name, string scheme)
    : ContainerResource(name), IResourceWithConnectionString
{
    /// <summary>The client endpoint's name.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The client endpoint.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{scheme}://{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
