using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Notify.Tests.Infrastructure;

/// <summary>The servers a test may own, started the way the AppHost runs them (127.0.0.1, state in the temporary directory).</summary>
public sealed partial class ServerProcess
{
    /// <summary>nats-server with JetStream; <paramref name="options"/> adds to its command line (TLS, <c>--user</c>, <c>--auth</c>).</summary>
    /// <param name="options">More nats-server arguments.</param>
    /// <param name="port">A fixed port (one a client was already pointed at), or null for a free one.</param>
    public static async Task<ServerProcess> StartNatsAsync(IReadOnlyList<string>? options = null, int? port = null)
    {
        var server = new ServerProcess("nats-server",
            (port, directory) => ["-a", "127.0.0.1", "-p", Text(port), "-js", "-sd", directory, .. options ?? []],
            "nats://127.0.0.1:{0}", port);
        return await StartedAsync(server);
    }

    /// <summary>redis-server without persistence, requiring <paramref name="password"/> when one is given.</summary>
    public static async Task<ServerProcess> StartRedisAsync(string? password = null)
    {
        var server = new ServerProcess("redis-server",
            (port, directory) => ["--port", Text(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory,
                .. password is null ? Array.Empty<string>() : ["--requirepass", password]],
            password is null ? "127.0.0.1:{0}" : $"127.0.0.1:{{0}},password={password}");
        return await StartedAsync(server);
    }

    /// <summary>
    /// A PostgreSQL cluster of its own (initdb, trust authentication, fsync off), as the <c>postgres</c> user when the
    /// tests run as root. Stopping it is a fast shutdown (SIGINT): sessions are ended, as when a server goes away.
    /// </summary>
    public static async Task<ServerProcess> StartPostgresAsync()
    {
        string bin = PostgresBinDirectory();
        string[] runAs = Environment.UserName == "root" ? ["--reuid", "postgres", "--regid", "postgres", "--init-groups"] : [];
        var server = new ServerProcess(Path.Combine(bin, "postgres"),
            (port, directory) => ["-D", Path.Combine(directory, "data"), "-p", Text(port), "-k", directory,
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"],
            "Host=127.0.0.1;Port={0};Username=postgres;Database=postgres", stopSignal: SigInt, runAs: runAs, probe: AnswersQueriesAsync);
        try
        {
            if (runAs.Length > 0)
                await RunAsync("chown", "postgres:postgres", server.Directory);
            await RunAsync("setpriv", [.. runAs, "--", Path.Combine(bin, "initdb"), "-D", Path.Combine(server.Directory, "data"),
                "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"]);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return await StartedAsync(server);
    }

    /// <summary>PostgreSQL accepts connections before it is ready for them ("the database system is starting up").</summary>
    private static async Task AnswersQueriesAsync(ServerProcess server)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
    }

    private static async Task<ServerProcess> StartedAsync(ServerProcess server)
    {
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Debian keeps PostgreSQL's programs under /usr/lib/postgresql/VERSION/bin: the newest.</summary>
    private static string PostgresBinDirectory() =>
        System.IO.Directory.EnumerateDirectories("/usr/lib/postgresql")
            .Select(directory => Path.Combine(directory, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
            .OrderByDescending(bin => int.Parse(Path.GetFileName(Path.GetDirectoryName(bin))!, CultureInfo.InvariantCulture))
            .First();

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} exited with code {process.ExitCode}:\n{await output}\n{errors}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
