using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Notify.Tests.Hosting;

/// <summary>
/// The built AppHost run as <c>./dev.sh up</c> runs it (the dll, with its launch profile's environment: dashboard, OTLP
/// and resource-service URLs, unsecured transport), on free ports and a scratch state directory. Every process of the
/// run carries a marker in its environment (resources inherit the AppHost's), which is how <see cref="Processes"/> finds
/// them, DCP and the dashboard included.
/// </summary>
internal sealed partial class AppHostRun : IAsyncDisposable
{
    private const string MarkerVariable = "NOTIFY_TEST_APPHOST_RUN";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _marker = Guid.NewGuid().ToString("N");

    private AppHostRun(string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        StateDirectory = Directory.CreateTempSubdirectory("notify_test_apphost_").FullName;
        int dashboard = FreePort(), otlp = FreePort(), resources = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(AppHostAssembly()),
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{dashboard}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlp}",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{resources}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                [MarkerVariable] = _marker,
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        start.ArgumentList.Add(AppHostAssembly());
        foreach (string argument in arguments.Append($"--Notify:StateDirectory={StateDirectory}"))
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Record(line.Data);
        _process.ErrorDataReceived += (_, line) => Record(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string StateDirectory { get; }

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Starts the AppHost with <paramref name="arguments"/> (configuration keys) and a state directory of its own.</summary>
    public static AppHostRun Start(params string[] arguments) => new(arguments);

    /// <summary>Starts the AppHost as <see cref="Start(string[])"/> does, with <paramref name="environment"/> added to its own.</summary>
    public static AppHostRun StartWith(IReadOnlyDictionary<string, string> environment, params string[] arguments) => new(arguments, environment);

    /// <summary>Waits until a line of the output matches <paramref name="pattern"/>; fails with the output when the AppHost exits or the time is up.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Match? found = _output.Select(line => pattern.Match(line)).FirstOrDefault(match => match.Success);
            if (found is not null)
                return found;
            if (_process.HasExited)
                Assert.Fail($"the AppHost exited ({_process.ExitCode}) before a line matched {pattern}:{Environment.NewLine}{Tail()}");
            try
            {
                await Task.Delay(200, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no line matched {pattern} within {timeout}:{Environment.NewLine}{Tail()}");
            }
        }
    }

    /// <summary>Waits for the AppHost to exit; false when it has not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends <paramref name="signal"/> (SIGTERM 15, SIGINT 2) to the AppHost.</summary>
    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    /// <summary>
    /// The live processes of this run, with their command lines: every process whose environment carries the run's marker
    /// or whose command line names its state directory.
    /// </summary>
    public IReadOnlyList<string> Processes()
    {
        var found = new List<string>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                string commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
                string environment = File.ReadAllText(Path.Combine(directory, "environ"));
                // redis-server rewrites its command line over its environment; it runs in its state directory.
                string workingDirectory = new DirectoryInfo(Path.Combine(directory, "cwd")).ResolveLinkTarget(returnFinalTarget: false)?.FullName ?? "";
                if (environment.Contains($"{MarkerVariable}={_marker}", StringComparison.Ordinal)
                    || commandLine.Contains(StateDirectory, StringComparison.Ordinal)
                    || workingDirectory.StartsWith(StateDirectory, StringComparison.Ordinal))
                    found.Add($"{pid}: {commandLine}");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours to read (then not of this run)
            }
        }

        return found;
    }

    public string Tail(int lines = 60) => string.Join(Environment.NewLine, _output.TakeLast(lines));

    /// <summary>Kills what is left (a failed test), then removes the state directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(15);
            if (!await WaitForExitAsync(TimeSpan.FromSeconds(60)))
                _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // a server of a failed run still writing; the temp directory is the system's to clean
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
            _output.Enqueue(line);
    }

    /// <summary>
    /// The AppHost in its own build output (what <c>dotnet run --project Notify.AppHost</c> runs), of the configuration
    /// these tests were built in: <c>…/bin/CONFIGURATION/TFM/</c>.
    /// </summary>
    private static string AppHostAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        string framework = output.Name, configuration = output.Parent!.Name;
        return Path.Combine(Deployment.RepositoryFiles.Root, "Notify.AppHost", "bin", configuration, framework, "Notify.AppHost.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
