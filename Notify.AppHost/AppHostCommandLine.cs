using System.Globalization;
using Notify.AppHost.Hosting;

namespace Notify.AppHost;

/// <summary>
/// The AppHost's command line. A local run uses the usual fixed ports, keeps state in <c>.state/</c> under the
/// repository root, so data (JetStream streams, PostgreSQL tables) survives restarts, and restarts a crashed service.
/// </summary>
internal sealed record AppHostCommandLine(NotifyStackOptions Stack, bool ShowHelp)
{
    public const string Usage = """
        Usage: dotnet run --project Notify.AppHost -- [options]      (or: ./dev.sh up [options])

        Starts the Notify stack as local processes (the servers, the provider sandbox, Ingest and the
        dispatchers), restarts a service that crashes, and stops everything on Ctrl-C. The services run from
        the Release build output: ./dev.sh up builds it first.

          --dispatchers N         how many dispatcher replicas run (default 2)
          --ingest-port N         Ingest's HTTP port (default 5080)
          --sandbox-port N        the provider sandbox's HTTP port (default 5090)
          --dispatcher-port N     the first dispatcher's HTTP port (default 5100; the next ones count up)
          --otlp-endpoint URL     send every service's traces, metrics and logs over OTLP/gRPC to URL
                                  (e.g. http://127.0.0.1:4317); off by default
          --prometheus-port N     Prometheus's port, when the prometheus program is installed (default 9090)
          --nats-port N           NATS client port (default 4222)
          --nats-monitor-port N   NATS HTTP monitoring port (default 8222)
          --nats-user NAME        require this user on NATS (with --nats-password)
          --nats-password SECRET  the NATS user's password
          --redis-port N          Redis port (default 6379)
          --postgres-port N       PostgreSQL port (default 5432)
          --smtp-port N           SMTP port (default 2525)
          --state-dir DIR         where state is kept (default: .state in the repository root)
          -h, --help              show this help
        """;

    private static readonly HashSet<string> Options =
    [
        "nats-port", "nats-monitor-port", "nats-user", "nats-password", "redis-port", "postgres-port", "smtp-port", "state-dir",
        "dispatchers", "ingest-port", "sandbox-port", "dispatcher-port", "otlp-endpoint", "prometheus-port",
    ];

    private const int MaxDispatchers = 32;

    /// <exception cref="FormatException">An unknown option or a bad value.</exception>
    public static AppHostCommandLine Parse(IReadOnlyList<string> args, string defaultStateDirectory)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                return new AppHostCommandLine(NotifyStackOptions.Default, ShowHelp: true);
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new FormatException($"unexpected argument '{arg}'");
            }

            (string name, string? value) = arg.IndexOf('=', StringComparison.Ordinal) is > 0 and int equals
                ? (arg[2..equals], arg[(equals + 1)..])
                : (arg[2..], null);
            if (!Options.Contains(name))
            {
                throw new FormatException($"unknown option --{name}");
            }

            value ??= i + 1 < args.Count ? args[++i] : throw new FormatException($"--{name} needs a value");
            values[name] = value;
        }

        string stateDirectory = Take(values, "state-dir") ?? defaultStateDirectory;
        var infrastructure = new InfrastructureOptions
        {
            StateDirectory = stateDirectory,
            Nats = NatsServerOptions.Default with
            {
                Port = Port(values, "nats-port", 4222),
                MonitorPort = Port(values, "nats-monitor-port", 8222),
                User = Take(values, "nats-user"),
                Password = Take(values, "nats-password"),
            },
            Redis = RedisServerOptions.Default with { Port = Port(values, "redis-port", 6379) },
            Postgres = PostgresServerOptions.Default with { Port = Port(values, "postgres-port", 5432), Durable = true },
            Smtp = SmtpServerOptions.Default with { Port = Port(values, "smtp-port", 2525) },
        };

        if (infrastructure.Nats.User is null != infrastructure.Nats.Password is null)
        {
            throw new FormatException("--nats-user and --nats-password go together");
        }

        NotifyStackOptions stack = NotifyStackOptions.Default;
        stack = stack with
        {
            Infrastructure = infrastructure,
            Sandbox = stack.Sandbox with { Port = Port(values, "sandbox-port", 5090) },
            Ingest = stack.Ingest with { Port = Port(values, "ingest-port", 5080) },
            Dispatcher = stack.Dispatcher with { Port = Port(values, "dispatcher-port", 5100) },
            Dispatchers = Count(values, "dispatchers", 2, MaxDispatchers),
            OtlpEndpoint = HttpUrl(values, "otlp-endpoint"),
            RestartOnCrash = true,
            Prometheus = PrometheusServerOptions.Default with
            {
                Port = Port(values, "prometheus-port", 9090),
                StateDirectory = Path.Combine(stateDirectory, "prometheus"),
            },
        };

        int lastDispatcherPort = stack.Dispatcher.Port!.Value + stack.Dispatchers - 1;
        if (lastDispatcherPort > 65535)
        {
            throw new FormatException($"--dispatcher-port leaves no room for {stack.Dispatchers} dispatchers below 65536");
        }

        return new AppHostCommandLine(stack, ShowHelp: false);
    }

    private static string? Take(Dictionary<string, string> values, string name)
    {
        return values.Remove(name, out string? value) ? value : null;
    }

    private static int Port(Dictionary<string, string> values, string name, int defaultPort)
    {
        if (Take(values, name) is not { } text)
        {
            return defaultPort;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"--{name} must be a port number (1-65535), not '{text}'");
    }

    private static int Count(Dictionary<string, string> values, string name, int defaultCount, int max)
    {
        if (Take(values, name) is not { } text)
        {
            return defaultCount;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count <= max
            ? count
            : throw new FormatException($"--{name} must be a number from 0 to {max}, not '{text}'");
    }

    private static Uri? HttpUrl(Dictionary<string, string> values, string name)
    {
        if (Take(values, name) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && url.Scheme is "http" or "https"
            ? url
            : throw new FormatException($"--{name} must be an http:// or https:// URL, not '{text}'");
    }
}
