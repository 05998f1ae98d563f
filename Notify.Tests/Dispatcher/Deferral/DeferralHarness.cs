using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Core.Users;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Dispatcher.Deferral;

/// <summary>
/// Two dispatcher replicas on a manual clock that starts at the real time, with the default batching window (60 s), at most
/// three updates merged into one, and releasers that look at the schedule often, so moving the clock shows in a fraction of a second.
/// </summary>
public sealed class DeferralHarness : DispatcherHarness
{
    /// <summary>The dispatchers' clock.</summary>
    public FakeTimeProvider Clock { get; } = new RealTimersFakeTimeProvider(DateTimeOffset.UtcNow);

    /// <inheritdoc />
    protected override int Replicas => 2;

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Notify:Deferral:BatchWindow", "00:01:00"),
        new("Notify:Deferral:PollInterval", "00:00:00.1"),
        new("Notify:Deferral:ReleaseBatchSize", "4"),
        new("Notify:Deferral:MaxBatchSize", "3"),
    ];

    /// <inheritdoc />
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>A notification accepted now on the manual clock, without an order (so it is not batched) unless given one.</summary>
    public NotificationEnvelope Update(string userId, string type, string? orderId = null, Channel channel = Channel.Push) =>
        Notification(userId, type, channels: [channel]) with { AcceptedAt = Clock.GetUtcNow(), OrderId = orderId };

    /// <summary>A user reachable by push in <paramref name="timeZone"/> with <paramref name="quietHours"/>.</summary>
    public async Task<string> NewUserAsync(string timeZone, QuietHours quietHours)
    {
        var userId = TestNames.Unique("user");
        var directory = Services.GetRequiredService<UserDirectory>();
        await directory.SaveContactsAsync(Tenant, userId, new UserContacts(null, null, [$"token-{userId}"], null) { TimeZone = timeZone });
        await directory.SavePreferencesAsync(Tenant, userId, UserPreferences.Default with { QuietHours = quietHours });
        return userId;
    }

    /// <summary>The schedule row of <paramref name="id"/>: its state and release time.</summary>
    public async Task<(string State, DateTimeOffset ReleaseAt)?> DeferredAsync(Guid id)
    {
        await using var command = Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("SELECT state, release_at FROM deferred_notifications WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)) : null;
    }

    /// <summary>Waits until <paramref name="id"/> is recorded with <paramref name="status"/>.</summary>
    public Task<NotificationDetails> WaitForStatusAsync(Guid id, NotificationStatus status) =>
        WaitForAsync(id, d => d.Notification.Status == status, $"{id} {status}");

    /// <summary>
    /// A <see cref="FakeTimeProvider"/> whose now moves only on <see cref="FakeTimeProvider.Advance"/>, but whose timers
    /// (delays, periodic timers, timeouts) run on real time, as a dispatcher's background loops need: with the fake's own
    /// timers, which fire only when the clock is advanced, a releaser that started its sleep just after a test moved the
    /// clock would sleep until the next move, and the periodic services would never tick.
    /// </summary>
    private sealed class RealTimersFakeTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime, period);
    }
}
