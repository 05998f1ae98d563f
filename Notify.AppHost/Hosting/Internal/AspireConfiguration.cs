using System.Globalization;
using Npgsql;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>
/// Connection strings and environment variables in the shapes Aspire 13's integrations produce, so services
/// started here run unchanged under a real Aspire AppHost (see ASPIRE-CONVENTIONS.md in the design notes).
/// </summary>
internal static class AspireConfiguration
{
    public const string Host = "127.0.0.1";

    public static string NatsUri(int port, string? user, string? password)
    {
        string credentials = user is null ? "" : $"{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password ?? "")}@";
        return $"nats://{credentials}{Host}:{Text(port)}";
    }

    public static IReadOnlyDictionary<string, string> ForNats(string name, int port, string? user, string? password)
    {
        string uri = NatsUri(port, user, password);
        var variables = Common(name, uri, port);
        variables[$"{Prefix(name)}_URI"] = uri;
        if (user is not null)
        {
            variables[$"{Prefix(name)}_USERNAME"] = user;
            variables[$"{Prefix(name)}_PASSWORD"] = password ?? "";
        }

        return variables;
    }

    public static string RedisConnectionString(int port, string? password)
    {
        return password is null ? $"{Host}:{Text(port)}" : $"{Host}:{Text(port)},password={password}";
    }

    public static IReadOnlyDictionary<string, string> ForRedis(string name, int port, string? password)
    {
        var variables = Common(name, RedisConnectionString(port, password), port);
        string credentials = password is null ? "" : $":{Uri.EscapeDataString(password)}@";
        variables[$"{Prefix(name)}_URI"] = $"redis://{credentials}{Host}:{Text(port)}";
        if (password is not null)
        {
            variables[$"{Prefix(name)}_PASSWORD"] = password;
        }

        return variables;
    }

    public static string PostgresConnectionString(int port, string user, string password, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = port,
            Username = user,
            Password = password,
            Database = database,
        };
        return builder.ConnectionString;
    }

    /// <summary>The variables of a database resource (Aspire names them after the database, e.g. <c>notifydb</c>).</summary>
    public static IReadOnlyDictionary<string, string> ForPostgresDatabase(int port, string user, string password, string database)
    {
        var variables = Common(database, PostgresConnectionString(port, user, password, database), port);
        string prefix = Prefix(database);
        variables[$"{prefix}_USERNAME"] = user;
        variables[$"{prefix}_PASSWORD"] = password;
        variables[$"{prefix}_DATABASENAME"] = database;
        variables[$"{prefix}_URI"] =
            $"postgresql://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@{Host}:{Text(port)}/{Uri.EscapeDataString(database)}";
        return variables;
    }

    /// <summary>SMTP in the form of the Aspire community MailPit integration: <c>Endpoint=smtp://host:port</c>.</summary>
    public static string SmtpConnectionString(int port) => $"Endpoint=smtp://{Host}:{Text(port)}";

    public static IReadOnlyDictionary<string, string> ForSmtp(string name, int port)
    {
        var variables = Common(name, SmtpConnectionString(port), port);
        variables[$"{Prefix(name)}_URI"] = $"smtp://{Host}:{Text(port)}";
        return variables;
    }

    /// <summary>The address of a project's <c>http</c> endpoint, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public static string HttpUrl(int port) => $"http://{Host}:{Text(port)}";

    /// <summary>
    /// What a service referencing a project gets: <c>services__name__http__0</c> (.NET service discovery) and
    /// <c>NAME_HTTP</c> (the simpler form Aspire 13 adds).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForProject(string name, int port)
    {
        string url = HttpUrl(port);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"services__{name}__http__0"] = url,
            [$"{Prefix(name)}_HTTP"] = url,
        };
    }

    /// <summary>
    /// The OpenTelemetry variables Aspire gives a project: its service name and instance id, and, with an OTLP
    /// endpoint, the endpoint, protocol and the one-second export intervals of a local run.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForOpenTelemetry(string serviceName, string instanceId, Uri? otlpEndpoint, string otlpProtocol)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_SERVICE_NAME"] = serviceName,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instanceId}",
        };
        if (otlpEndpoint is not null)
        {
            variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint.OriginalString;
            variables["OTEL_EXPORTER_OTLP_PROTOCOL"] = otlpProtocol;
            variables["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            variables["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            variables["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        }

        return variables;
    }

    /// <summary><c>ConnectionStrings__name</c>, <c>NAME_HOST</c> and <c>NAME_PORT</c>.</summary>
    private static Dictionary<string, string> Common(string name, string connectionString, int port)
    {
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"ConnectionStrings__{name}"] = connectionString,
            [$"{Prefix(name)}_HOST"] = Host,
            [$"{Prefix(name)}_PORT"] = Text(port),
        };
    }

    /// <summary>Aspire's environment prefix for a resource: upper case, <c>-</c> as <c>_</c>.</summary>
    private static string Prefix(string name) => name.ToUpperInvariant().Replace('-', '_');

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
