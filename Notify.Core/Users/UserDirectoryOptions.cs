using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

namespace Notify.Core.Users;

/// <summary>How <see cref="UserDirectory"/> caches profiles (section <c>Notify:Users</c>).</summary>
public sealed record UserDirectoryOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Users";

    /// <summary>The defaults: 5 min, 100,000 profiles, 5 s per load, 16 loads at once.</summary>
    public static UserDirectoryOptions Default { get; } = new();

    /// <summary>
    /// How long a cached profile is served without asking PostgreSQL again. Changes made through a directory reach
    /// every replica at once; this bounds how long a change made any other way (or a missed announcement) goes unseen.
    /// </summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Profiles kept at most; the least recently used go first.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>
    /// Loads from PostgreSQL running at once; further ones queue. Without a bound, a dispatcher starting on a backlog of
    /// many users opens as many connections as it has workers and exhausts the server's <c>max_connections</c>.
    /// </summary>
    public int MaxConcurrentLoads { get; init; } = 16;

    /// <summary>How long one load from PostgreSQL may take (queueing included) before it counts as failed.</summary>
    public TimeSpan LoadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// While PostgreSQL is unreachable, how long an expired profile is served as it is before the next load attempt
    /// (so an outage costs one failed load per profile per interval, not one per message).
    /// </summary>
    public TimeSpan StaleRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a profile stays in the Redis level shared by the replicas (saves overwrite it at once).</summary>
    public TimeSpan SharedCacheTtl { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one Redis command of the shared level may take before PostgreSQL is asked instead.</summary>
    public TimeSpan SharedCacheTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>After a Redis failure, how long the shared level is left out before it is tried again.</summary>
    public TimeSpan SharedCacheRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws, naming the keys, when a value is out of range (<see cref="UserDirectory"/> calls it).</summary>
    public void Validate()
    {
        ValidateOptionsResult result = new UserDirectoryOptionsValidation().Validate(null, this);
        if (result.Failed)
            throw new OptionsValidationException(Section, typeof(UserDirectoryOptions), result.Failures);
    }
}

/// <summary>Refuses to start with a cache that could hold nothing, or timeouts and intervals that are not positive.</summary>
public sealed class UserDirectoryOptionsValidation : IValidateOptions<UserDirectoryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, UserDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OptionsFailures(UserDirectoryOptions.Section)
            .Positive(nameof(options.Ttl), options.Ttl)
            .AtLeast(nameof(options.MaxEntries), options.MaxEntries, 1)
            .AtLeast(nameof(options.MaxConcurrentLoads), options.MaxConcurrentLoads, 1)
            .Positive(nameof(options.LoadTimeout), options.LoadTimeout)
            .Positive(nameof(options.StaleRetryInterval), options.StaleRetryInterval)
            .Positive(nameof(options.SharedCacheTtl), options.SharedCacheTtl)
            .Positive(nameof(options.SharedCacheTimeout), options.SharedCacheTimeout)
            .Positive(nameof(options.SharedCacheRetryInterval), options.SharedCacheRetryInterval)
            .Result;
    }
}
