using NATS.Client.Core;
using Npgsql;
using StackExchange.Redis;

namespace Notify.Dispatcher.Hosting;

/// <summary>
/// The loop every dispatcher background service shares: run the work, and when NATS, PostgreSQL or Redis fail under
/// it, report why and run it again after a pause that doubles up to a cap, until the host stops. Other exceptions are
/// bugs and end the service (the host logs them).
/// </summary>
public static class Supervised
{
    /// <summary>How the work ends.</summary>
    public enum Until
    {
        /// <summary>Done once it returns (initialisation).</summary>
        Completed,
        /// <summary>Never done: run it again when it returns (watches, consumers).</summary>
        Stopped,
    }

    /// <summary>Runs <paramref name="work"/> under the loop described above.</summary>
    public static async Task RunAsync(Func<CancellationToken, Task> work, Until until, Action<string, TimeSpan> onFailure,
        CancellationToken stoppingToken, TimeSpan? firstDelay = null)
    {
        var initial = firstDelay ?? TimeSpan.FromMilliseconds(500);
        var delay = initial;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await work(stoppingToken);
                if (until == Until.Completed)
                    return;
                delay = initial;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NatsException or NpgsqlException or RedisException or TimeoutException)
            {
                onFailure(ex.Message, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }
}
