using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// A server program of the test's own (nats-server, redis-server, postgres) on a free port with a temporary directory,
/// for tests that kill, stop or restart it and so must not share the run's servers. <see cref="StartAsync"/> after
/// <see cref="KillAsync"/> or <see cref="StopAsync"/> brings it back on the same port with the same files; disposal
/// stops it and deletes the directory. Each program runs under <c>setpriv --pdeathsig KILL</c>, so it dies with the
/// test process even when that is killed.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    // Linux sends the parent-death signal when the *thread* that forked the child exits, and idle thread-pool threads
    // do exit: every program is started from this one thread, which lives as long as the test process.
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Spawns = [];
    private static readonly Lazy<Thread> Spawner = new(() =>
    {
        var thread = new Thread(Spawn) { IsBackground = true, Name = "test server spawner" };
        thread.Start();
        return thread;
    });

    private readonly string _program;
    private readonly IReadOnlyList<string> _arguments;
    private readonly IReadOnlyList<string> _runAs;
    private readonly int _stopSignal;
    private readonly Func<ServerProcess, Task> _probe;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private ServerProcess(string program, Func<int, string, IReadOnlyList<string>> arguments, string connectionFormat,
        int? port = null, int stopSignal = SigTerm, IReadOnlyList<string>? runAs = null, Func<ServerProcess, Task>? probe = null)
    {
        Port = port ?? FreePort.Next();
        Directory = System.IO.Directory.CreateTempSubdirectory($"notify-{Path.GetFileName(program)}-").FullName;
        _program = program;
        _arguments = arguments(Port, Directory);
        _stopSignal = stopSignal;
        _runAs = runAs ?? [];
        _probe = probe ?? AcceptsConnectionAsync;
        ConnectionString = string.Format(CultureInfo.InvariantCulture, connectionFormat, Port);
    }

    /// <summary>The port on 127.0.0.1, kept across restarts.</summary>
    public int Port { get; }

    /// <summary>The server's files (store, data), kept across restarts.</summary>
    public string Directory { get; }

    /// <summary>What a client connects with, in the format of the server's Aspire integration.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts the program (again) and returns once it answers (accepts connections, by default); does nothing while it runs.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
            return;
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Directory };
        foreach (string argument in (string[])["--pdeathsig", "KILL", .. _runAs, "--", _program, .. _arguments])
            start.ArgumentList.Add(argument);
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Spawner.Value;
        Spawns.Add((start, started));
        Process process = _process = await started.Task;
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync(process);
    }

    /// <summary>SIGKILL, as a crash: the program gets no chance to say goodbye to its clients.</summary>
    public Task KillAsync() => SignalAndWaitAsync(SigKill);

    /// <summary>The program's own clean shutdown signal, then a wait until it has exited (SIGKILL if it takes too long).</summary>
    public Task StopAsync() => SignalAndWaitAsync(_stopSignal);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task SignalAndWaitAsync(int signal)
    {
        if (_process is not { } process)
            return;
        if (!process.HasExited)
            _ = kill(process.Id, signal);
        using (var deadline = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (signal != SigKill)
            {
                _ = kill(process.Id, SigKill);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        _process = null;
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{_program} exited with code {process.ExitCode} before it was ready on {Port}:\n{Output()}");
            try
            {
                await _probe(this);
                return;
            }
            catch (Exception exception) when (exception is SocketException or DbException && deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(50);
            }
            catch (Exception exception) when (exception is SocketException or DbException)
            {
                await KillAsync();
                throw new TimeoutException($"{_program} was not ready on {Port} within {StartTimeout.TotalSeconds} s:\n{Output()}", exception);
            }
        }
    }

    private static async Task AcceptsConnectionAsync(ServerProcess server)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
    }

    private string Output() => string.Join('\n', _output);

    private static void Spawn()
    {
        foreach (var (start, started) in Spawns.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start)!);
            }
            catch (Exception exception)
            {
                started.SetException(exception);
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int kill(int pid, int sig);
}
