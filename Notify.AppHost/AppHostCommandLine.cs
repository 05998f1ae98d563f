using System.Globalization;
using Notify.AppHost.Hosting;

namespace Notify.AppHost;

/// <summary>
/// The AppHost's command line. A local run uses the usual fixed ports and keeps state in <c>.state/</c> under
/// the repository root, so data (JetStream streams, PostgreSQL tables) survives restarts.
/// </summary>
internal sealed record AppHostCommandLine(InfrastructureOptions Infrastructure, bool ShowHelp)
{
    public const string Usage = """
        Usage: dotnet run --project Notify.AppHost -- [options]      (or: ./dev.sh up [options])

        Starts the Notify stack as local processes and stops it on Ctrl-C.

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
    ];

    /// <exception cref="FormatException">An unknown option or a bad value.</exception>
    public static AppHostCommandLine Parse(IReadOnlyList<string> args, string defaultStateDirectory)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                return new AppHostCommandLine(InfrastructureOptions.Default, ShowHelp: true);
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

        var options = new InfrastructureOptions
        {
            StateDirectory = Take(values, "state-dir") ?? defaultStateDirectory,
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

        if (options.Nats.User is null != options.Nats.Password is null)
        {
            throw new FormatException("--nats-user and --nats-password go together");
        }

        return new AppHostCommandLine(options, ShowHelp: false);
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
}
