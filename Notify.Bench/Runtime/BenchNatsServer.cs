using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Notify.Bench.Runtime;

/// <summary>
/// A nats-server (from PATH) with JetStream on a free port and a temporary store, for the NATS client scenarios: the
/// server alone, as the clients see it in production, without the rest of the stack running beside it.
/// </summary>
internal sealed class BenchNatsServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly DirectoryInfo _store;

    private BenchNatsServer(Process process, DirectoryInfo store, int port)
    {
        _process = process;
        _store = store;
        ConnectionString = $"nats://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The URL clients connect to.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts the server and waits until it accepts connections; its output goes to the log with <paramref name="verbose"/>.</summary>
    public static async Task<BenchNatsServer> StartAsync(BenchLog log, bool verbose, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var store = Directory.CreateTempSubdirectory("notify-bench-nats-");
        var start = new ProcessStartInfo("nats-server") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-js", "-sd", store.FullName, "-n", "bench-nats"])
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (verbose && e.Data is not null)
                log.Child("nats", e.Data);
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (verbose && e.Data is not null)
                log.Child("nats", e.Data);
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new BenchNatsServer(process, store, port);
        try
        {
            await server.WaitUntilListeningAsync(port, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        _store.Delete(recursive: true);
    }

    private async Task WaitUntilListeningAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nats-server exited with code {_process.ExitCode} before it listened (run with -v to see its output)");
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < ReadyTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
