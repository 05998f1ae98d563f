using Aspire.Hosting.ApplicationModel;

namespace Notify.AppHost.Servers;

/// <summary>
/// PostgreSQL run as a local program (initdb on first start), with the connection string Aspire.Hosting.PostgreSQL
/// gives its container: <c>Host=…;Port=…;Username=postgres;Password=…</c>. Databases are <see cref="LocalPostgresDatabaseResource"/> children.
/// </summary>
/// <param name="name">The resource name (<c>postgres</c>).</param>
/// <param name="command">The start script.</param>
/// <param name="workingDirectory">Its state directory (data, sockets).</param>
/// <param name="password">The superuser's password.</param>
public sealed class LocalPostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The client endpoint's name.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser.</summary>
    public const string UserName = "postgres";

    /// <summary>The client endpoint.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, PrimaryEndpointName);

    /// <summary>The superuser's password.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}

/// <summary>A database on a <see cref="LocalPostgresServerResource"/>; the services create it when it is missing (they may: the user is the superuser).</summary>
/// <param name="name">The resource name, also the database's (<c>notifydb</c>).</param>
/// <param name="parent">The server.</param>
public sealed class LocalPostgresDatabaseResource(string name, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    /// <inheritdoc />
    public LocalPostgresServerResource Parent { get; } = parent;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={Name}");
}
