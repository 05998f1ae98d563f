using System.Text;
using Microsoft.Extensions.Logging;
using Notify.Core.Messaging;
using Notify.Core.Storage;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Core.Users;

/// <summary>
/// Recipients' profiles as the dispatcher needs them for every message: served from a bounded in-process cache in front
/// of <see cref="UserStore"/>, loaded once per user at a time however many messages ask, and dropped on every replica
/// as soon as a directory saves a change (announced on <see cref="Subjects.UserCacheInvalidation"/>). Between the two,
/// when given, a <see cref="SharedProfileCache"/> in Redis serves every replica, overwritten on each change. While
/// PostgreSQL is unreachable an expired profile is served as it was, rather than failing the send.
/// </summary>
public sealed partial class UserDirectory : IAsyncDisposable
{
    private readonly UserStore _store;
    private readonly INatsConnection _nats;
    private readonly UserDirectoryOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly UserProfileCache _cache;
    private readonly SharedProfileCache? _shared;
    private readonly CacheInvalidationListener _invalidations;
    private readonly CancellationTokenSource _lifetime = new();
    private SemaphoreSlim? _loadGate;
    private int _servingStale;

    /// <summary>A directory; it subscribes to invalidations on first use, or on <see cref="StartAsync"/>.</summary>
    public UserDirectory(UserStore store, INatsConnection nats, UserDirectoryOptions options, ILogger<UserDirectory> logger, TimeProvider? time = null,
        SharedProfileCache? shared = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        _nats = nats;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _cache = new UserProfileCache(options.MaxEntries, _time);
        _shared = shared;
        _invalidations = new CacheInvalidationListener(nats, Subjects.UserCacheInvalidationFilter,
            (tenantToken, userId) => _cache.Remove(new UserProfileCache.Key(tenantToken, userId)), OnReconnected, e => LogInvalidationsStopped(_logger, e));
    }

    /// <summary>Profiles held now (fresh or expired).</summary>
    public int CachedCount => _cache.Count;

    /// <summary>Subscribes to invalidations; returns once the server has the subscription. Idempotent.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _invalidations.StartAsync(cancellationToken);

    /// <summary>The profile of <paramref name="userId"/>: contacts and preferences, defaults for what was never stored.</summary>
    /// <exception cref="NpgsqlException">PostgreSQL failed and no earlier copy of the profile is cached.</exception>
    public ValueTask<UserProfile> GetProfileAsync(string tenant, string userId, CancellationToken cancellationToken = default)
    {
        UserProfileCache.Slot slot = _cache.GetOrAdd(KeyOf(tenant, userId));
        if (_invalidations.IsStarted && slot.Entry is { } entry && _time.GetTimestamp() < entry.FreshUntil)
            return ValueTask.FromResult(entry.Profile);
        return new ValueTask<UserProfile>(LoadAsync(slot, tenant, userId, cancellationToken));
    }

    /// <summary>Stores the user's contacts and drops every replica's cached profile.</summary>
    public async Task SaveContactsAsync(string tenant, string userId, UserContacts contacts, CancellationToken cancellationToken = default)
    {
        await _store.PutContactsAsync(tenant, userId, contacts, cancellationToken).ConfigureAwait(false);
        await InvalidateAsync(tenant, userId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the user's preferences and drops every replica's cached profile.</summary>
    public async Task SavePreferencesAsync(string tenant, string userId, UserPreferences preferences, CancellationToken cancellationToken = default)
    {
        await _store.PutPreferencesAsync(tenant, userId, preferences, cancellationToken).ConfigureAwait(false);
        await InvalidateAsync(tenant, userId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes <paramref name="tokens"/> from the user's push tokens (the provider reported them unregistered) and drops every cached copy.</summary>
    public async Task RemovePushTokensAsync(string tenant, string userId, IReadOnlyList<string> tokens, CancellationToken cancellationToken = default)
    {
        await _store.RemovePushTokensAsync(tenant, userId, tokens, cancellationToken).ConfigureAwait(false);
        await InvalidateAsync(tenant, userId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the user's cached profile here and, through NATS, on every other replica; the shared Redis level gets the
    /// profile as stored now (or loses it, when PostgreSQL cannot say).
    /// </summary>
    public async Task InvalidateAsync(string tenant, string userId, CancellationToken cancellationToken = default)
    {
        _cache.Remove(KeyOf(tenant, userId));
        if (_shared is not null)
        {
            try
            {
                await _shared.PutAsync(await _store.GetProfileAsync(tenant, userId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                await _shared.RemoveAsync(tenant, userId, cancellationToken).ConfigureAwait(false);
            }
        }
        await _nats.PublishAsync(Subjects.UserCacheInvalidation(tenant), userId, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Unsubscribes and stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
            return;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _invalidations.DisposeAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private async Task<UserProfile> LoadAsync(UserProfileCache.Slot slot, string tenant, string userId, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        TaskCompletionSource<UserProfile>? owner = null;
        Task<UserProfile> load;
        lock (slot)
        {
            if (slot.Loading is null)
            {
                owner = new TaskCompletionSource<UserProfile>(TaskCreationOptions.RunContinuationsAsynchronously);
                slot.Loading = owner.Task;
            }

            load = slot.Loading;
        }

        if (owner is not null)
        {
            // The load belongs to every caller waiting on the slot, not to this one: it runs on the directory's
            // lifetime, so one caller giving up does not fail the others. It never throws; its outcome reaches the
            // callers through the completion source.
            _ = RunLoadAsync(slot, owner, tenant, userId);
        }

        return await load.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunLoadAsync(UserProfileCache.Slot slot, TaskCompletionSource<UserProfile> owner, string tenant, string userId)
    {
        UserProfile? profile = null;
        Exception? failure = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        timeout.CancelAfter(_options.LoadTimeout);
        try
        {
            profile = _shared is null ? null : await _shared.GetAsync(tenant, userId, timeout.Token).ConfigureAwait(false);
            if (profile is null)
            {
                var gate = LazyInitializer.EnsureInitialized(ref _loadGate, () => new SemaphoreSlim(_options.MaxConcurrentLoads, _options.MaxConcurrentLoads));
                await gate.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    profile = await _store.GetProfileAsync(tenant, userId, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
                if (_shared is not null)
                    await _shared.FillAsync(profile, timeout.Token).ConfigureAwait(false);
            }
            slot.Entry = new UserProfileCache.Entry(profile, FreshUntil(_options.Ttl));
            if (Interlocked.Exchange(ref _servingStale, 0) == 1)
                LogRecovered(_logger);
        }
        catch (Exception e) when (slot.Entry is { } stale && IsOutage(e))
        {
            profile = stale.Profile;
            slot.Entry = stale with { FreshUntil = FreshUntil(_options.StaleRetryInterval) };
            if (Interlocked.Exchange(ref _servingStale, 1) == 0)
                LogServingStale(_logger, e);
        }
        catch (Exception e)
        {
            failure = e is OperationCanceledException && !_lifetime.IsCancellationRequested
                ? new TimeoutException($"Loading the profile took longer than {_options.LoadTimeout.TotalSeconds:0.#} s.", e)
                : e;
        }

        lock (slot)
            slot.Loading = null;
        if (profile is not null)
            owner.SetResult(profile);
        else
            owner.SetException(failure!);
    }

    /// <summary>PostgreSQL unreachable or too slow, as opposed to a fault of ours or the directory stopping.</summary>
    private bool IsOutage(Exception e) => e switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        OperationCanceledException => !_lifetime.IsCancellationRequested,
        _ => false,
    };

    private long FreshUntil(TimeSpan period) =>
        _time.GetTimestamp() + (long)(period.TotalSeconds * _time.TimestampFrequency);

    private void OnReconnected(string server)
    {
        // Announcements sent while the link was down are lost: treat every cached profile as expired.
        _cache.ExpireAll();
        LogReconnected(_logger, server);
    }

    private static UserProfileCache.Key KeyOf(string tenant, string userId) => new(Subjects.Token(tenant), userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is unavailable; serving cached user profiles past their TTL until it is back")]
    private static partial void LogServingStale(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL is back; user profiles load fresh again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS reconnected to {Server}; cached user profiles expired in case invalidations were missed")]
    private static partial void LogReconnected(ILogger logger, string server);

    [LoggerMessage(Level = LogLevel.Error, Message = "User cache invalidations stopped; profiles changed elsewhere are seen only after their TTL")]
    private static partial void LogInvalidationsStopped(ILogger logger, Exception? exception);
}
