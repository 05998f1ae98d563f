using Aspire.Hosting.ApplicationModel;

namespace Notify.AppHost.Servers;

/// <summary>
/// Redis published as a container with a password, connection string <c>host:port,password=…</c> (StackExchange.Redis's
/// format). Not Aspire.Hosting.Redis's <c>RedisResource</c>: its connection string ends in a TLS condition that the
/// manifest writes as a <c>cond-…</c> value, which aspirate (8.x/9.x manifests) cannot substitute.
/// </summary>
/// <param name="name">The resource name (<c>redis</c>).</param>
/// <param name="password">The password clients authenticate with.</param>
public sealed class RedisContainerResource(string name, ParameterResource password)
    : ContainerResource(name), IResourceWithConnectionString
{
    /// <summary>The client endpoint's name.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The client endpoint.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, PrimaryEndpointName);

    /// <summary>The password clients authenticate with.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
