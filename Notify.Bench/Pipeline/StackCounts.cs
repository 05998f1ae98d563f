using System.Globalization;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;

namespace Notify.Bench.Pipeline;

/// <summary>
/// What the stack's servers and services counted, read before and after a run so that a run can say what one
/// notification costs in messages, commands, transactions and allocations:
/// <list type="bullet">
/// <item>NATS: messages in and out and JetStream API requests (<c>/varz</c>, <c>/jsz</c> on the monitoring port);</item>
/// <item>Redis: calls per command (<c>INFO commandstats</c>; the reading's own INFO is left out);</item>
/// <item>PostgreSQL: transactions committed and rows read and written in <c>notifydb</c> (<c>pg_stat_database</c>,
/// which backends update up to a second or so after their transaction);</item>
/// <item>each .NET service: bytes allocated (<c>dotnet_gc_heap_total_allocated_bytes_total</c> on its <c>/metrics</c>,
/// at the address the AppHost gave the process in <c>ASPNETCORE_URLS</c>).</item>
/// </list>
/// </summary>
internal sealed class StackCounts
{
    private const string AllocatedMetric = "dotnet_gc_heap_total_allocated_bytes_total";

    private readonly Dictionary<string, long> _start;
    private readonly Func<Task<Dictionary<string, long>>> _read;

    private StackCounts(Dictionary<string, long> start, Func<Task<Dictionary<string, long>>> read)
    {
        _start = start;
        _read = read;
    }

    /// <summary>Takes the first reading.</summary>
    public static async Task<StackCounts> StartAsync(Uri natsMonitor, string redis, string postgres, IReadOnlyList<StackProcess> services)
    {
        Task<Dictionary<string, long>> Read() => ReadAsync(natsMonitor, redis, postgres, services);
        return new StackCounts(await Read(), Read);
    }

    /// <summary>
    /// Each counter's increase since <see cref="StartAsync"/> divided by <paramref name="notifications"/>, keyed
    /// <c>source.counter</c> (<c>nats.in_msgs</c>, <c>redis.evalsha</c>, <c>postgres.xact_commit</c>,
    /// <c>allocated_bytes.ingest</c>, …); counters that moved by less than 0.005 per notification are left out.
    /// </summary>
    public async Task<SortedDictionary<string, double>> PerNotificationAsync(long notifications)
    {
        var now = await _read();
        var per = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in now)
        {
            var each = notifications > 0 ? Math.Round((double)(value - _start.GetValueOrDefault(name)) / notifications, 2) : 0;
            if (each > 0)
                per[name] = each >= 100 ? Math.Round(each) : each;
        }
        return per;
    }

    private static async Task<Dictionary<string, long>> ReadAsync(Uri natsMonitor, string redis, string postgres, IReadOnlyList<StackProcess> services)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using (var varz = JsonDocument.Parse(await http.GetStringAsync(new Uri(natsMonitor, "/varz"))))
            foreach (var name in (string[])["in_msgs", "out_msgs", "in_bytes", "out_bytes"])
                counts[$"nats.{name}"] = varz.RootElement.GetProperty(name).GetInt64();
        using (var jsz = JsonDocument.Parse(await http.GetStringAsync(new Uri(natsMonitor, "/jsz"))))
            counts["nats.jetstream_api"] = jsz.RootElement.GetProperty("api").GetProperty("total").GetInt64();

        var redisOptions = ConfigurationOptions.Parse(redis);
        redisOptions.AllowAdmin = true; // INFO
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redisOptions))
        {
            var server = connection.GetServers()[0];
            foreach (var group in await server.InfoAsync("commandstats"))
                foreach (var (key, value) in group)
                {
                    // cmdstat_evalsha: calls=12,usec=345,…
                    var command = key.Replace("cmdstat_", "", StringComparison.Ordinal);
                    if (command != "info" && value.Split(',')[0] is var calls && calls.StartsWith("calls=", StringComparison.Ordinal))
                        counts[$"redis.{command}"] = long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
                }
        }

        await using (var database = NpgsqlDataSource.Create(postgres))
        await using (var command = database.CreateCommand(
            "select xact_commit, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted from pg_stat_database where datname = current_database()"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            for (var i = 0; i < reader.FieldCount; i++)
                counts[$"postgres.{reader.GetName(i)}"] = reader.GetInt64(i);
        }

        foreach (var service in services)
            if (service.ProcessId is { } pid && MetricsUrl(pid) is { } metrics)
                counts[$"allocated_bytes.{service.Name}"] = await ReadAllocatedAsync(http, metrics);
        return counts;
    }

    /// <summary><c>/metrics</c> at the first address of the process's <c>ASPNETCORE_URLS</c>.</summary>
    private static Uri? MetricsUrl(int pid)
    {
        try
        {
            var urls = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ").Split('\0')
                .FirstOrDefault(v => v.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal))?["ASPNETCORE_URLS=".Length..];
            return urls?.Split(';')[0] is { Length: > 0 } url ? new Uri(new Uri(url), "/metrics") : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<long> ReadAllocatedAsync(HttpClient http, Uri metrics)
    {
        foreach (var line in (await http.GetStringAsync(metrics)).Split('\n'))
            if (line.StartsWith(AllocatedMetric, StringComparison.Ordinal))
                return (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        return 0;
    }
}
