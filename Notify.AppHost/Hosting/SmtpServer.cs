using System.Globalization;
using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>
/// A real SMTP server: Debian's <c>aiosmtpd</c> with its Mailbox handler, which stores every accepted message
/// in <see cref="Mailbox"/> (a Maildir). Ready when a connection is greeted with <c>220</c>.
/// </summary>
public sealed class SmtpServer : ProcessResource
{
    private const string Package = "python3-aiosmtpd";
    private const string SystemPython = "/usr/bin/python3";
    private const string SystemModule = "/usr/lib/python3/dist-packages/aiosmtpd";

    private readonly SmtpServerOptions _options;
    private (string Executable, string[] Prefix)? _program;

    /// <summary>Creates the resource; call <see cref="ProcessResource.StartAsync"/> to run it.</summary>
    public SmtpServer(SmtpServerOptions? options = null)
        : base(options ?? SmtpServerOptions.Default)
    {
        _options = options ?? SmtpServerOptions.Default;
    }

    /// <summary>Where received mail lands.</summary>
    public Maildir Mailbox => new(Path.Combine(StateDirectory, "maildir"));

    /// <summary><c>Endpoint=smtp://127.0.0.1:port</c> (the shape of the Aspire community MailPit integration).</summary>
    public override string ConnectionString => AspireConfiguration.SmtpConnectionString(Port);

    /// <inheritdoc />
    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        [new ResourceEndpoint("smtp", new Uri($"smtp://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"))];

    private protected override IReadOnlyList<int?> RequestedPorts => [_options.Port];

    /// <summary>Creates a server and starts it; disposes it when the start fails.</summary>
    public static Task<SmtpServer> StartNewAsync(SmtpServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        return StartNewAsync(new SmtpServer(options), cancellationToken);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> GetEnvironmentVariables()
    {
        return AspireConfiguration.ForSmtp(Name, Port);
    }

    /// <summary>
    /// Debian's <c>/usr/bin/aiosmtpd</c>, else Debian's python with the module (the <c>python3</c> first on
    /// <c>PATH</c> may be another interpreter without it).
    /// </summary>
    private protected override void LocateExecutables()
    {
        IReadOnlyList<string> directories = ExecutableSearchPath ?? ["/usr/bin", .. ExecutableLocator.SystemPath];
        if (ExecutableLocator.TryFind("aiosmtpd", directories) is { } aiosmtpd)
        {
            _program = (aiosmtpd, []);
        }
        else if (ExecutableSearchPath is null && File.Exists(SystemPython) && Directory.Exists(SystemModule))
        {
            _program = (SystemPython, ["-m", "aiosmtpd"]);
        }
        else
        {
            throw new MissingPrerequisiteException("aiosmtpd", Package);
        }
    }

    private protected override LaunchCommand BuildCommand()
    {
        (string executable, string[] prefix) = _program!.Value;
        string[] arguments =
        [
            .. prefix,
            "-n",
            "-l", $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
            "-c", "aiosmtpd.handlers.Mailbox", Mailbox.Path,
        ];
        return new LaunchCommand(executable, arguments)
        {
            WorkingDirectory = StateDirectory,
            Environment = new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1" },
        };
    }

    private protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        await using LineProtocolProbe connection = await LineProtocolProbe.ConnectAsync(Port, cancellationToken).ConfigureAwait(false);
        string greeting = await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        await connection.SendAsync("QUIT\r\n", cancellationToken).ConfigureAwait(false);
        return greeting.StartsWith("220", StringComparison.Ordinal)
            ? true
            : throw new InvalidOperationException($"greeted with '{greeting}'");
    }
}
