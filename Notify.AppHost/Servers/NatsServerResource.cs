using Aspire.Hosting.ApplicationModel;

namespace Notify.AppHost.Servers;

/// <summary>
/// nats-server with JetStream, run as a local program: the shape of Aspire.Hosting.Nats's <c>NatsServerResource</c>
/// (a <c>tcp</c> endpoint, a connection string <c>nats://[user:password@]host:port</c>), for machines without a
/// container engine. Its monitoring endpoint (<c>monitor</c>) serves the health check and the varz the console reads.
/// The first node of a cluster carries the connection string of the whole cluster: every node's URL, comma-separated,
/// as NATS.Net takes a server list.
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

    /// <summary>The other nodes of its cluster, whose URLs follow its own in the connection string (none for a single server).</summary>
    public IReadOnlyList<NatsServerResource> OtherNodes { get; init; } = [];

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var builder = new ReferenceExpressionBuilder();
            foreach (NatsServerResource node in OtherNodes.Prepend(this))
            {
                builder.AppendLiteral(node == this ? "nats://" : ",nats://");
                if (UserName is not null && Password is not null)
                {
                    builder.Append($"{UserName:uri}:{Password:uri}@");
                }

                builder.Append($"{node.PrimaryEndpoint.Property(EndpointProperty.Host)}:{node.PrimaryEndpoint.Property(EndpointProperty.Port)}");
            }

            return builder.Build();
        }
    }
}
