using Notify.Core.Messaging;
using Notify.Ingest.Startup;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Notify.Ingest.Auth;

/// <summary>
/// Keeps the <see cref="ApiKeyDirectory"/> in step with the key bucket: a key added, changed or deleted on any
/// replica (or with the nats CLI) takes effect here within moments. Restarts the watch after NATS outages.
/// </summary>
public sealed partial class ApiKeyWatch(INatsJSContext js, ApiKeyDirectory directory, JetStreamReadiness readiness, ILogger<ApiKeyWatch> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WhenReadyAsync(stoppingToken).ConfigureAwait(false);
        var bucket = new NatsKVContext(js);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WatchAsync(bucket, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogWatchFailed(logger, ex);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WatchAsync(INatsKVContext kv, CancellationToken cancellationToken)
    {
        var stream = await js.GetStreamAsync($"KV_{Subjects.ApiKeyBucket}", cancellationToken: cancellationToken).ConfigureAwait(false);
        var last = stream.Info.State.LastSeq;
        if (last == 0)
            directory.MarkCaughtUp();
        var store = await kv.GetStoreAsync(Subjects.ApiKeyBucket, cancellationToken).ConfigureAwait(false);
        await foreach (var entry in store.WatchAsync(ApiKeyRecordSerializer.Default, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            directory.Apply(entry);
            if (entry.Revision >= last && !directory.IsCaughtUp)
            {
                directory.MarkCaughtUp();
                LogCaughtUp(logger, entry.Revision);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key watch failed; restarting it")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key directory caught up with the key bucket at revision {Revision}")]
    private static partial void LogCaughtUp(ILogger logger, ulong revision);
}
