using Microsoft.Extensions.Options;
using Notify.Core.Messaging;
using Notify.Ingest.Auth;
using NATS.Client.JetStream;

namespace Notify.Ingest.Startup;

/// <summary>
/// Brings up the JetStream topology and the API key bucket, retrying with backoff while NATS is away. The HTTP
/// server listens meanwhile and answers 503 (<see cref="NotReadyGate"/>), so a deployment can start in any order.
/// </summary>
public sealed partial class JetStreamSetup(INatsJSContext js, IOptions<StreamTopologyOptions> streams, ApiKeyBucket keys,
    JetStreamReadiness readiness, ILogger<JetStreamSetup> logger, ILogger<StreamTopology> topologyLogger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await new StreamTopology(js, streams.Value, topologyLogger).EnsureAsync(stoppingToken).ConfigureAwait(false);
                await keys.EnsureAsync(stoppingToken).ConfigureAwait(false);
                readiness.MarkReady();
                LogReady(logger, attempt);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogNotReady(logger, attempt, delay.TotalMilliseconds, ex);
            }
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "JetStream topology and API key bucket ready after {Attempts} attempt(s)")]
    private static partial void LogReady(ILogger logger, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JetStream not ready (attempt {Attempt}); retrying in {DelayMs} ms")]
    private static partial void LogNotReady(ILogger logger, int attempt, double delayMs, Exception exception);
}
