using System.Globalization;
using System.Security.Cryptography;
using Notify.AppHost.Hosting.Internal;
using Npgsql;

namespace Notify.AppHost.Hosting;

/// <summary>
/// PostgreSQL: a cluster made with <c>initdb</c> (scram-sha-256, user <c>postgres</c>) in
/// <c>StateDirectory/data</c>, served by the <c>postgres</c> binary in the foreground as our child (as the
/// <c>postgres</c> user when we are root). Ready when <c>SELECT 1</c> succeeds; then the application database
/// (<c>notifydb</c>) is created if missing.
/// </summary>
public sealed partial class PostgresServer : ProcessResource
{
    private const string Superuser = "postgres";
    private const string PasswordAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly PostgresServerOptions _options;
    private PostgresInstallation? _installation;
    private string? _serviceUser;
    private string? _password;

    /// <summary>Creates the resource; call <see cref="ProcessResource.StartAsync"/> to run it.</summary>
    public PostgresServer(PostgresServerOptions? options = null)
        : base(options ?? PostgresServerOptions.Default)
    {
        _options = options ?? PostgresServerOptions.Default;
        ValidateIdentifier(_options.DatabaseName);
    }

    /// <summary>The application database, <c>notifydb</c> unless configured otherwise.</summary>
    public string DatabaseName => _options.DatabaseName;

    /// <summary>The superuser's name, <c>postgres</c>.</summary>
    public string Username => Superuser;

    /// <summary>The superuser's password (known once started).</summary>
    public string Password => _password ?? throw new InvalidOperationException($"{Name} has not been started");

    /// <summary>The cluster's data directory (<c>PGDATA</c>).</summary>
    public string DataDirectory => Path.Combine(StateDirectory, "data");

    /// <summary><c>Host=127.0.0.1;Port=…;Username=postgres;Password=…;Database=notifydb</c>.</summary>
    public override string ConnectionString => GetConnectionString(DatabaseName);

    /// <inheritdoc />
    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        [new ResourceEndpoint("tcp", new Uri($"postgresql://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"))];

    private protected override IReadOnlyList<int?> RequestedPorts => [_options.Port];

    /// <summary>SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, checkpoint, exit.</summary>
    private protected override int StopSignal => PosixInterop.SigInt;

    private string SocketDirectory => Path.Combine(StateDirectory, "sockets");

    private string PasswordFile => Path.Combine(StateDirectory, "password");

    /// <summary>Creates a server and starts it; disposes it when the start fails.</summary>
    public static Task<PostgresServer> StartNewAsync(PostgresServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        return StartNewAsync(new PostgresServer(options), cancellationToken);
    }

    /// <summary>The connection string for <paramref name="database"/> on this server, as the superuser.</summary>
    public string GetConnectionString(string database)
    {
        return AspireConfiguration.PostgresConnectionString(Port, Superuser, Password, database);
    }

    /// <summary>The variables of the <c>notifydb</c> database resource (<c>ConnectionStrings__notifydb</c>, <c>NOTIFYDB_HOST</c>, …).</summary>
    public override IReadOnlyDictionary<string, string> GetEnvironmentVariables()
    {
        return AspireConfiguration.ForPostgresDatabase(Port, Superuser, Password, DatabaseName);
    }

    private protected override void LocateExecutables()
    {
        _installation = PostgresInstallation.Find(ExecutableSearchPath);
        _serviceUser = PostgresInstallation.ServiceUserWhenRoot();
    }

    private protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            _password = _options.Password ?? ReadStoredPassword();
        }
        else
        {
            await InitializeClusterAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_serviceUser is not null)
        {
            StateDirectories.MakeAncestorsTraversable(StateDirectory);
        }
    }

    private protected override LaunchCommand BuildCommand()
    {
        List<string> arguments =
        [
            "-D", DataDirectory,
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-k", SocketDirectory,
            "-c", "listen_addresses=127.0.0.1",
        ];
        if (!_options.Durable)
        {
            // synchronous_commit stays on: with fsync off it costs a write() per commit, and it keeps every
            // committed transaction across a killed server (tests kill it to simulate an outage).
            arguments.AddRange(["-c", "fsync=off", "-c", "full_page_writes=off"]);
        }

        return new LaunchCommand(_installation!.Postgres, arguments) { RunAsUser = _serviceUser, WorkingDirectory = StateDirectory };
    }

    private protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await OpenAdminConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1;
    }

    private protected override async Task OnReadyAsync(CancellationToken cancellationToken)
    {
        await CreateDatabaseAsync(DatabaseName, cancellationToken).ConfigureAwait(false);
    }

    private async Task InitializeClusterAsync(CancellationToken cancellationToken)
    {
        _password = _options.Password ?? RandomNumberGenerator.GetString(PasswordAlphabet, 24);
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(SocketDirectory);
        await WritePrivateFileAsync(PasswordFile, _password, cancellationToken).ConfigureAwait(false);
        if (_serviceUser is not null)
        {
            string chown = ExecutableLocator.Find("chown", "coreutils");
            await RunCommandAsync(new LaunchCommand(chown, ["-R", $"{_serviceUser}:{_serviceUser}", StateDirectory]), cancellationToken)
                .ConfigureAwait(false);
            StateDirectories.MakeAncestorsTraversable(StateDirectory);
        }

        List<string> arguments =
        [
            "-D", DataDirectory,
            "-U", Superuser,
            "--auth=scram-sha-256",
            $"--pwfile={PasswordFile}",
            "--encoding=UTF8",
            "--locale=C",
        ];
        if (!_options.Durable)
        {
            arguments.Add("--no-sync");
        }

        Log($"initializing a new cluster in {DataDirectory}");
        await RunCommandAsync(new LaunchCommand(_installation!.Initdb, arguments) { RunAsUser = _serviceUser, WorkingDirectory = StateDirectory }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Writes a file only its owner can read, from the moment it exists.</summary>
    private static async Task WritePrivateFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw PosixInterop.NotLinux();
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        await using var writer = new StreamWriter(path, options);
        await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    private string ReadStoredPassword()
    {
        return File.Exists(PasswordFile)
            ? File.ReadAllText(PasswordFile).Trim()
            : throw new InvalidOperationException(
                $"the cluster in {DataDirectory} exists but its password file {PasswordFile} is missing; set the password in the options or delete {StateDirectory}");
    }
}
