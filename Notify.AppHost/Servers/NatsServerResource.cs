using Aspire.Hosting.ApplicationModel;

namespace Notify.AppHost.Servers;

/// <summary>
/// nats-server with JetStream, run as a local program: the shape of Aspire.Hosting.Nats's <c>NatsServerResource</c>
/// (a <c>tcp</c> endpoint, a connection string <c>nats://[user:password@]host:port</c>), for machines without a
/// container engine. Its monitoring endpoint (<c>monitor</c>) serves the health check and the varz the console reads.
/// </summary>
/// <param name="name">The resource name (<c>nats</c>).</param>
/// <param name="command">The nats-server program.</param>
/// <param name="workingDirectory">Its store directory.</param>
public sealed class NatsServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The client endpoint's name.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The HTTP monitoring endpoint's name.</summary>
    public const string MonitorEndpointName = "monitor";

    /// <summary>The client endpoint.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, PrimaryEndpointName);

    /// <summary>The HTTP monitoring endpoint (<c>/healthz</c>, <c>/varz</c>, <c>/jsz</c>).</summary>
    public EndpointReference MonitorEndpoint => field ??= new EndpointReference(this, MonitorEndpointName);

    /// <summary>The user clients authenticate as, when the server requires one.</summary>
    public ParameterResource? UserName { get; init; }

    /// <summary>That user's password.</summary>
    public ParameterResource? Password { get; init; }

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var builder = new ReferenceExpressionBuilder();
            builder.AppendLiteral("nats://");
            if (UserName is not null && Password is not null)
            {
                builder.Append($"{UserName:uri}:{Password:uri}@");
            }

            builder.Append($"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
            return builder.Build();
        }
    }
}
