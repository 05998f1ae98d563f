using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>
/// A resource backed by a child process the AppHost owns: a server (nats, redis, postgres, smtp) or, the same
/// way, a Notify service. Start waits for a real readiness probe; stop signals, waits, then kills; a crash of
/// the owning process takes the child with it (parent-death signal).
/// </summary>
/// <remarks>
/// Ports are chosen once and kept, as is the state directory, so <see cref="StartAsync"/> after
/// <see cref="StopAsync"/> or <see cref="KillAsync"/> brings the resource back where clients expect it, with its data.
/// </remarks>
public abstract partial class ProcessResource : IAsyncDisposable
{
    private const int OutputCapacity = 400;
    private const int TailLines = 40;
    private const int PortAttempts = 3;
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    private readonly ProcessResourceOptions _options;
    private readonly OutputRing _output;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private int[]? _ports;
    private bool _portsPinned;
    private string? _stateDirectory;
    private bool _stateIsTemporary;
    private ChildProcess? _process;
    private Task? _exitWatch;
    private volatile bool _exitRequested;
    private volatile bool _crashed;
    private bool _disposed;

    private protected ProcessResource(ProcessResourceOptions options)
    {
        _options = options;
        Name = options.Name;
        _output = new OutputRing(Name, OutputCapacity, options.Output);
    }

    /// <summary>The Aspire resource name.</summary>
    public string Name { get; }

    /// <summary>The main port on 127.0.0.1 (known once started).</summary>
    public int Port => Ports[0];

    /// <summary>Where the resource keeps its files (known once started).</summary>
    public string StateDirectory => _stateDirectory ?? throw NotStarted();

    /// <summary>Whether the process is running now.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The pid of the running process, or null.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>The addresses the resource listens on.</summary>
    public abstract IReadOnlyList<ResourceEndpoint> Endpoints { get; }

    /// <summary>The connection string in the Aspire integration's format, or null for resources that have none.</summary>
    public virtual string? ConnectionString => null;

    /// <summary>The environment variables an Aspire AppHost would give a service that references this resource.</summary>
    public abstract IReadOnlyDictionary<string, string> GetEnvironmentVariables();

    /// <summary>The last <paramref name="lines"/> lines the resource's processes printed.</summary>
    public IReadOnlyList<string> RecentOutput(int lines = TailLines) => _output.Tail(lines);

    /// <summary>The ports the resource listens on, in the order of <see cref="RequestedPorts"/>.</summary>
    private protected IReadOnlyList<int> Ports => _ports ?? throw NotStarted();

    /// <summary>The ports the resource needs: fixed ones, or null for "pick a free one".</summary>
    private protected abstract IReadOnlyList<int?> RequestedPorts { get; }

    /// <summary>The signal that asks the process to shut down cleanly.</summary>
    private protected virtual int StopSignal => PosixInterop.SigTerm;

    /// <summary>
    /// Starts the process and waits until it answers its readiness probe. Does nothing when it is running.
    /// </summary>
    /// <exception cref="MissingPrerequisiteException">A program it needs is not installed.</exception>
    /// <exception cref="PortInUseException">A port it must use is taken.</exception>
    /// <exception cref="ResourceStartException">It exited, failed to prepare, or was not ready in time.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await StartLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Asks the process to shut down (SIGTERM, or the resource's own signal), then kills it after the stop timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopProcessAsync(StopSignal, cancellationToken).ConfigureAwait(false);
            _crashed = false;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Kills the process with SIGKILL, as a crash would, and waits until it is gone. State is kept. Being
    /// deliberate, it is not followed by a restart-on-crash; <see cref="StartAsync"/> brings the resource back.
    /// </summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopProcessAsync(PosixInterop.SigKill, cancellationToken).ConfigureAwait(false);
            _crashed = false;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the process and deletes the state directory when it was a temporary one.</summary>
    public async ValueTask DisposeAsync()
    {
        await OnDisposingAsync().ConfigureAwait(false);
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await StopProcessAsync(StopSignal, CancellationToken.None).ConfigureAwait(false);
            if (_stateIsTemporary && _stateDirectory is not null)
            {
                StateDirectories.DeleteIfExists(_stateDirectory);
            }
        }
        finally
        {
            _lifecycle.Release();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The body of <see cref="StartAsync"/>, run holding the lifecycle lock.</summary>
    private async Task StartLockedAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            return;
        }

        await StopProcessAsync(PosixInterop.SigKill, CancellationToken.None).ConfigureAwait(false);
        _crashed = false;
        LocateExecutables();
        _stateDirectory ??= CreateStateDirectory();
        for (int attempt = 1; ; attempt++)
        {
            AssignPorts();
            try
            {
                await LaunchAsync(cancellationToken).ConfigureAwait(false);
                _portsPinned = true;
                return;
            }
            catch (ResourceStartException) when (!_portsPinned && attempt < PortAttempts && CanRetryOnOtherPorts())
            {
                _output.Add($"port clash on {string.Join(", ", _ports!)}; retrying on other free ports");
                _ports = null;
            }
        }
    }

    /// <summary>Creates and starts <paramref name="resource"/>, disposing it when the start fails.</summary>
    private protected static async Task<TResource> StartNewAsync<TResource>(TResource resource, CancellationToken cancellationToken)
        where TResource : ProcessResource
    {
        try
        {
            await resource.StartAsync(cancellationToken).ConfigureAwait(false);
            return resource;
        }
        catch
        {
            await resource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private InvalidOperationException NotStarted() => new($"{Name} has not been started");

    private string CreateStateDirectory()
    {
        if (_options.StateDirectory is { } directory)
        {
            return Directory.CreateDirectory(Path.GetFullPath(directory)).FullName;
        }

        _stateIsTemporary = true;
        return StateDirectories.CreateTemporary(Name);
    }
}
