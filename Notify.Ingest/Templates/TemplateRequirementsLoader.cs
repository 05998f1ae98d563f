using Notify.Core.Messaging;
using Notify.Core.Storage;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Ingest.Templates;

/// <summary>
/// Keeps <see cref="TemplateRequirementsIndex"/> current: subscribes to template change announcements, loads every
/// template's required variables (retrying with backoff while PostgreSQL is unreachable), then reloads one template
/// per announcement, and everything again after NATS reconnects (announcements sent meanwhile are lost).
/// </summary>
internal sealed partial class TemplateRequirementsLoader(TemplateStore store, TemplateRequirementsIndex index, INatsConnection nats,
    Microsoft.Extensions.Options.IOptions<TemplateOptions> options, ILogger<TemplateRequirementsLoader> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private int _reloadAll = 1;
    private Task? _listening;
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        INatsSub<string>? subscription = null;
        var delay = FirstDelay;
        nats.ConnectionOpened += OnReconnected;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    subscription ??= await SubscribeAsync(stoppingToken).ConfigureAwait(false);
                    if (Interlocked.Exchange(ref _reloadAll, 0) == 1)
                    {
                        index.ReplaceAll(await store.GetAllRequirementsAsync(stoppingToken).ConfigureAwait(false));
                        LogLoaded(index.IsLoaded);
                    }
                    delay = FirstDelay;
                    await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or NatsException)
                {
                    Volatile.Write(ref _reloadAll, 1);
                    LogNotLoaded(e.Message, delay);
                }
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxReloadDelay.Ticks));
            }
        }
        finally
        {
            nats.ConnectionOpened -= OnReconnected;
            if (subscription is not null)
                await subscription.DisposeAsync().ConfigureAwait(false);
            if (_listening is { } listening)
                await listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<INatsSub<string>> SubscribeAsync(CancellationToken cancellationToken)
    {
        // The announcement's body is the type, UTF-8 (NATS.Net's default serializer for string).
        var subscription = await nats.SubscribeCoreAsync<string>(Subjects.TemplateCacheInvalidationFilter, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        _listening = ListenAsync(subscription, cancellationToken);
        return subscription;
    }

    /// <summary>Reloads each announced template. Never throws: failures are logged and leave the template unknown.</summary>
    private async Task ListenAsync(INatsSub<string> subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var msg in subscription.Msgs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var tenant = msg.Subject[(msg.Subject.LastIndexOf('.') + 1)..]; // tenant names are valid subject tokens as they are
                var type = msg.Data ?? "";
                try
                {
                    var stored = await store.GetAsync(tenant, type, cancellationToken).ConfigureAwait(false);
                    index.Set(tenant, type, stored?.Required);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    // Unknown until the next full load: requests of the type are accepted unchecked meanwhile.
                    index.MarkUnknown(tenant, type);
                    Volatile.Write(ref _reloadAll, 1);
                    _wake.Release();
                    LogReloadFailed(tenant, type, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            LogListenStopped(e);
        }
    }

    private ValueTask OnReconnected(object? sender, NatsEventArgs e)
    {
        Volatile.Write(ref _reloadAll, 1);
        _wake.Release();
        return ValueTask.CompletedTask;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "Template variables loaded (complete: {Loaded})")]
    private partial void LogLoaded(bool loaded);

    [LoggerMessage(LogLevel.Warning, "Template variables not loaded ({Error}); requests are accepted unchecked; next try in {Delay}")]
    private partial void LogNotLoaded(string error, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "Template {Type} of tenant {Tenant} changed but could not be reloaded ({Error}); its requests are accepted unchecked until it loads")]
    private partial void LogReloadFailed(string tenant, string type, string error);

    [LoggerMessage(LogLevel.Error, "Template change announcements stopped; changes made on other replicas are seen after the next reconnect")]
    private partial void LogListenStopped(Exception exception);
}
