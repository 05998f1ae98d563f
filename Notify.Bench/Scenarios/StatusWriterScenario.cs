using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Npgsql;

namespace Notify.Bench.Scenarios;

/// <summary>
/// <c>status-writer</c>: the status writer's PostgreSQL work alone. On the stack's own migrated <c>notifydb</c> (no
/// dispatcher running, so nothing else writes), one <see cref="StatusWriter"/> stores batches the way the dispatchers'
/// status writers do: each of <see cref="Notifications"/> notifications gets the two events of a push sent at the first
/// attempt (accepted with its envelope, then sent), <see cref="BatchSize"/> notifications to a batch. Reports the rate
/// and the CPU per notification of PostgreSQL (with its backends) and of the writing client (the bench process).
/// </summary>
internal static class StatusWriterScenario
{
    public static Scenario Definition { get; } = new("status-writer", "status batches written to PostgreSQL, alone", RunAsync);

    private const int BatchSize = 100;
    private const int Notifications = 40_000;
    private const int WarmupBatches = 50;
    private static readonly JsonElement Data = JsonDocument.Parse("""{"eta":"12:30"}""").RootElement;

    private static async Task<object> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        await using var stack = await PipelineStack.StartAsync(context, dispatchers: 0, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(await stack.NotifyDbConnectionStringAsync(cancellationToken));
        var writer = new StatusWriter(dataSource, NullLogger<StatusWriter>.Instance);

        context.Log.Info($"warm-up: {WarmupBatches} batches of {BatchSize}");
        for (var i = 0; i < WarmupBatches; i++)
            await writer.WriteBatchAsync(Batch(), cancellationToken);

        var batches = Notifications / BatchSize;
        context.Log.Info($"timed: {batches} batches of {BatchSize} notifications, 2 events each");
        var cpu = ProcessCpu.Start(stack.Resources);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < batches; i++)
            await writer.WriteBatchAsync(Batch(), cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var used = cpu.Seconds();
        var updates = await UpdatesAsync(dataSource, cancellationToken);

        return new StatusWriterReport(
            "status-writer",
            $"One StatusWriter on the stack's notifydb, {batches} batches one after another, each {BatchSize} notifications × (accepted with envelope, " +
            $"sent on push at attempt 1), after {WarmupBatches} warm-up batches. CPU per notification: postgres with its backends; bench = the writing client.",
            batches * BatchSize,
            Math.Round(batches * BatchSize / seconds),
            Math.Round(seconds * 1000 / batches, 2),
            new Dictionary<string, double>
            {
                ["postgres"] = Math.Round(used.GetValueOrDefault("postgres") * 1e6 / (batches * BatchSize), 1),
                ["bench"] = Math.Round(used.GetValueOrDefault("bench") * 1e6 / (batches * BatchSize), 1),
            },
            updates,
            BenchEnvironment.Describe(null, null, null));
    }

    /// <summary>Row updates of <c>notifications</c> so far, and how many were heap-only (touched no index).</summary>
    private static async Task<RowUpdates> UpdatesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_stat_force_next_flush()");
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var read = dataSource.CreateCommand("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'notifications'");
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new RowUpdates(reader.GetInt64(0), reader.GetInt64(1)) : new RowUpdates(0, 0);
    }

    private static List<StatusEvent> Batch()
    {
        var now = DateTimeOffset.UtcNow;
        var events = new List<StatusEvent>(BatchSize * 2);
        for (var i = 0; i < BatchSize; i++)
        {
            var id = Guid.CreateVersion7();
            var envelope = new NotificationEnvelope(id, "bench", $"user-{i % 1_000}", "order.out_for_delivery", Priority.High, [Channel.Push],
                Data, now);
            events.Add(new StatusEvent(id, "bench", StatusKind.Accepted, now) { Envelope = envelope, TraceId = "4bf92f3577b34da6a3ce929d0e0e4736" });
            events.Add(new StatusEvent(id, "bench", StatusKind.Sent, now.AddMilliseconds(5))
            {
                Channel = Channel.Push, Attempt = 1, Provider = "fcm", ProviderMessageId = $"fcm-{id:N}",
            });
        }
        return events;
    }
}

/// <summary>The <c>status-writer</c> figures.</summary>
internal sealed record StatusWriterReport(
    string Scenario,
    string Method,
    int Notifications,
    double NotificationsPerSec,
    double MsPerBatch,
    Dictionary<string, double> CpuMicrosecondsPerNotification,
    RowUpdates NotificationRowUpdates,
    BenchEnvironment Environment);

/// <summary>Updates of <c>notifications</c> rows (<c>pg_stat_user_tables</c>), and those that were heap-only.</summary>
internal sealed record RowUpdates(long Updates, long HeapOnly);
