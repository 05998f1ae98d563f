using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// Connects in the background when the host starts, so a service starts (and reports itself unhealthy) while NATS is
/// down or refuses it, and says in one line each what the connection does: connected, lost, not established and why.
/// NATS.Net retries a first connect and a reconnect without saying why an attempt failed (a TLS or authentication
/// failure looks like any other), logging every attempt instead; so its connection categories are quiet by default
/// (<see cref="Logging.DefaultLogLevels"/>), and when the connection is not open after <see cref="Grace"/> one plain
/// connect with the same options is tried beside it and its failure logged, once until the connection opens again.
/// Server errors and slow subscriptions, which those categories would have logged, are logged here, once each.
/// </summary>
internal sealed partial class NatsConnectionStarter(NatsConnection connection, ILogger<NatsConnectionStarter> logger) : BackgroundService
{
    /// <summary>How long a connect may take before the reason it does not succeed is looked for.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, byte> _reported = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        connection.ServerError += OnServerError;
        connection.SlowConsumerDetected += OnSlowConsumer;
        var connecting = connection.ConnectAsync().AsTask(); // retried by NATS.Net until it succeeds or the connection is disposed
        var url = Redacted(connection.Opts.Url);
        var open = false;
        var notOpenSince = TimeProvider.System.GetTimestamp();
        var diagnosed = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (connection.ConnectionState == NatsConnectionState.Open)
                {
                    if (!open)
                    {
                        LogConnected(logger, url, connection.ServerInfo?.Version ?? "?");
                        (open, diagnosed) = (true, false);
                        _reported.Clear();
                    }
                }
                else
                {
                    if (open)
                    {
                        LogLost(logger, url);
                        (open, notOpenSince) = (false, TimeProvider.System.GetTimestamp());
                    }
                    if (!diagnosed && TimeProvider.System.GetElapsedTime(notOpenSince) >= Grace)
                    {
                        diagnosed = true;
                        if (await DiagnoseAsync(stoppingToken) is { } reason)
                            LogNotConnected(logger, url, reason);
                    }
                }
                await Task.Delay(Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        finally
        {
            connection.ServerError -= OnServerError;
            connection.SlowConsumerDetected -= OnSlowConsumer;
            _ = connecting.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default); // ends with the connection's disposal
        }
    }

    /// <summary>Why a plain connect with the same options fails, or null when it succeeds.</summary>
    private async Task<string?> DiagnoseAsync(CancellationToken cancellationToken)
    {
        await using var probe = new NatsConnection(connection.Opts with
        {
            Name = connection.Opts.Name + "-diagnosis",
            RetryOnInitialConnect = false,
            LoggerFactory = NullLoggerFactory.Instance,
        });
        try
        {
            await probe.ConnectAsync().AsTask().WaitAsync(cancellationToken);
            return null;
        }
        catch (NatsException exception)
        {
            return Reason(exception);
        }
    }

    // While the connection is not open the diagnosis says why; the errors of an open connection (a permission
    // violation, say) are logged here, each text once until the connection opens again.
    private ValueTask OnServerError(object? sender, NatsServerErrorEventArgs args)
    {
        if (connection.ConnectionState == NatsConnectionState.Open && _reported.TryAdd("error:" + args.Error, 0))
            LogServerError(logger, args.Error);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnSlowConsumer(object? sender, NatsSlowConsumerEventArgs args)
    {
        if (_reported.TryAdd("slow:" + args.Subscription.Subject, 0))
            LogSlowConsumer(logger, args.Subscription.Subject);
        return ValueTask.CompletedTask;
    }

    /// <summary>Every distinct message down the chain: a TLS or authentication failure is two or three exceptions deep.</summary>
    internal static string Reason(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
            messages.Add(e.Message.TrimEnd('.'));
        return string.Join(": ", messages.Distinct());
    }

    /// <summary>The server URLs without the credentials some carry.</summary>
    internal static string Redacted(string urls) =>
        string.Join(",", urls.Split(',', StringSplitOptions.TrimEntries).Select(url =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
                ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/')
                : url));

    [LoggerMessage(Level = LogLevel.Error, Message = "NATS connection to {Url} not established: {Reason}; retrying in the background")]
    private static partial void LogNotConnected(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS connected to {Url} (server {ServerVersion})")]
    private static partial void LogConnected(ILogger logger, string url, string serverVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS connection to {Url} lost; reconnecting")]
    private static partial void LogLost(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS server error: {Error}")]
    private static partial void LogServerError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS subscription {Subject} is a slow consumer: messages are being dropped")]
    private static partial void LogSlowConsumer(ILogger logger, string subject);
}
