using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// A redis-server that speaks TLS only (<c>port 0</c>, <c>tls-port</c>) with a server certificate of
/// <see cref="TestCertificates"/>, and asks no client certificate: what a managed Redis with <c>ssl=true</c> looks
/// like. The AppHost's <c>RedisServer</c> has no TLS; tests start this one themselves. Disposal stops it.
/// </summary>
public sealed class TlsRedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly DirectoryInfo _state;
    private readonly List<string> _output = [];

    private TlsRedisServer(Process process, DirectoryInfo state, int port)
    {
        _process = process;
        _state = state;
        Port = port;
    }

    /// <summary>The TLS port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port,ssl=true</c> (StackExchange.Redis format).</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},ssl=true";

    /// <summary>Starts a server with the certificate of <paramref name="certificates"/>; returns once it accepts connections.</summary>
    public static async Task<TlsRedisServer> StartAsync(TestCertificates certificates)
    {
        int port = FreePort();
        DirectoryInfo state = Directory.CreateTempSubdirectory("notify-redis-tls-");
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = state.FullName,
        };
        foreach (string argument in new[]
        {
            "--port", "0", "--tls-port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--tls-cert-file", certificates.ServerCertFile, "--tls-key-file", certificates.ServerKeyFile,
            "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--dir", state.FullName,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        var server = new TlsRedisServer(process, state, port);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilListeningAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _state.Delete(recursive: true);
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"redis-server exited ({_process.ExitCode}): {Output()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            catch (SocketException ex)
            {
                throw new TimeoutException($"redis-server did not listen on {Port} within {StartTimeout.TotalSeconds} s: {Output()}", ex);
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Add(line);
    }

    private string Output()
    {
        lock (_output)
            return string.Join('\n', _output.TakeLast(20));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
