using NATS.Client.Core;
using Notify.Bench.NatsJs;

namespace Notify.Bench.Runtime;

/// <summary>
/// What one scenario runs against: the options, the log, and the resources it asks for. Resources start on
/// first use and stop when the scenario ends (dispose), so no server or peer outlives its scenario.
/// </summary>
internal sealed class BenchContext(BenchOptions options, BenchLog log) : IAsyncDisposable
{
    private BenchNatsServer? _nats;
    private NatsJsAvailability? _natsJs;

    public BenchOptions Options { get; } = options;

    public BenchLog Log { get; } = log;

    /// <summary>A nats-server with JetStream on a free port and a temporary store, started on first call.</summary>
    public async Task<BenchNatsServer> GetNatsServerAsync(CancellationToken cancellationToken)
    {
        if (_nats is null)
        {
            _nats = await BenchNatsServer.StartAsync(Log, Options.Verbose, cancellationToken);
            Log.Info($"nats-server listening on {_nats.ConnectionString}");
        }
        return _nats;
    }

    /// <summary>A new, connected NATS.Net connection to the scenario's nats-server; the caller disposes it.</summary>
    public async Task<NatsConnection> ConnectAsync(string name, CancellationToken cancellationToken)
    {
        var server = await GetNatsServerAsync(cancellationToken);
        // As the services connect (ServiceDefaults' AddNatsClient): PubAck replies handed straight to the waiting request.
        var connection = new NatsConnection(NatsOpts.Default with { Url = server.ConnectionString, Name = name, RequestReplyMode = NatsRequestReplyMode.Direct });
        try
        {
            // NATS.Net's ConnectAsync takes no token: wait for it with one so that Ctrl-C still ends a stuck connect.
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The machine, runtime and server versions, for the report.</summary>
    public BenchEnvironment Describe(INatsConnection connection) =>
        BenchEnvironment.Describe(connection.ServerInfo?.Version, _natsJs?.Peer?.NodeVersion, _natsJs?.Peer?.NatsJsVersion);

    /// <summary>The nats.js peer, installed on first call, or why it cannot run.</summary>
    public async Task<NatsJsAvailability> GetNatsJsAsync(CancellationToken cancellationToken) =>
        _natsJs ??= Options.Peer
            ? await NatsJsPeer.PrepareAsync(Log, cancellationToken)
            : NatsJsAvailability.Unavailable("skipped with --no-peer");

    public async ValueTask DisposeAsync()
    {
        if (_nats is not null)
            await _nats.DisposeAsync();
    }
}
