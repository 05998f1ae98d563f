using Microsoft.Extensions.Time.Testing;
using Notify.Dispatcher.RateLimiting;
using Notify.Tests.Infrastructure;
using StackExchange.Redis;

namespace Notify.Tests.Redis;

public sealed class RateLimiterTests
{
    private static readonly RateLimit TenPerSecondBurstFive = RateLimit.PerSecond(10, burst: 5);

    [Fact]
    public async Task Burst_is_allowed_then_refused_until_the_next_permit_is_due()
    {
        await using ConnectionMultiplexer redis = await SharedRedis.ConnectAsync();
        var limiter = new RedisRateLimiter(redis, new FakeTimeProvider());
        string key = TestNames.Unique("sms");

        RateLimitLease[] burst = await AcquireAsync(limiter, key, TenPerSecondBurstFive, times: 5);
        RateLimitLease refused = await limiter.TryAcquireAsync(key, TenPerSecondBurstFive);

        Assert.All(burst, lease => Assert.True(lease.Allowed));
        Assert.Equal([4L, 3L, 2L, 1L, 0L], burst.Select(lease => lease.Remaining));
        Assert.All(burst, lease => Assert.Equal(TimeSpan.Zero, lease.RetryAfter));
        Assert.Equal(new RateLimitLease(false, TimeSpan.FromMilliseconds(100), 0), refused);
    }

    [Fact]
    public async Task Budget_refills_as_the_clock_advances()
    {
        await using ConnectionMultiplexer redis = await SharedRedis.ConnectAsync();
        var clock = new FakeTimeProvider();
        var limiter = new RedisRateLimiter(redis, clock);
        string key = TestNames.Unique("push");
        await AcquireAsync(limiter, key, TenPerSecondBurstFive, times: 5);

        clock.Advance(TimeSpan.FromMilliseconds(60));
        RateLimitLease early = await limiter.TryAcquireAsync(key, TenPerSecondBurstFive);
        clock.Advance(TimeSpan.FromMilliseconds(40));
        RateLimitLease due = await limiter.TryAcquireAsync(key, TenPerSecondBurstFive);
        clock.Advance(TimeSpan.FromMilliseconds(300));
        RateLimitLease[] refilled = await AcquireAsync(limiter, key, TenPerSecondBurstFive, times: 4);

        Assert.Equal(new RateLimitLease(false, TimeSpan.FromMilliseconds(40), 0), early);
        Assert.Equal(new RateLimitLease(true, TimeSpan.Zero, 0), due);
        Assert.Equal([true, true, true, false], refilled.Select(lease => lease.Allowed));
        Assert.Equal(TimeSpan.FromMilliseconds(100), refilled[3].RetryAfter);
    }

    [Fact]
    public async Task Full_bucket_after_a_long_quiet_spell_holds_no_more_than_the_burst()
    {
        await using ConnectionMultiplexer redis = await SharedRedis.ConnectAsync();
        var clock = new FakeTimeProvider();
        var limiter = new RedisRateLimiter(redis, clock);
        string key = TestNames.Unique("quiet");
        await AcquireAsync(limiter, key, TenPerSecondBurstFive, times: 5);

        clock.Advance(TimeSpan.FromHours(1));
        RateLimitLease[] leases = await AcquireAsync(limiter, key, TenPerSecondBurstFive, times: 6);

        Assert.Equal(5, leases.Count(lease => lease.Allowed));
        Assert.False(leases[5].Allowed);
    }

    [Fact]
    public async Task Two_limiters_on_one_key_share_the_budget()
    {
        await using ConnectionMultiplexer replicaA = await SharedRedis.ConnectAsync();
        await using ConnectionMultiplexer replicaB = await SharedRedis.ConnectAsync();
        var clock = new FakeTimeProvider();
        var limiterA = new RedisRateLimiter(replicaA, clock);
        var limiterB = new RedisRateLimiter(replicaB, clock);
        string key = TestNames.Unique("provider");

        var allowed = new List<bool>();
        for (int i = 0; i < 4; i++)
        {
            allowed.Add((await limiterA.TryAcquireAsync(key, TenPerSecondBurstFive)).Allowed);
            allowed.Add((await limiterB.TryAcquireAsync(key, TenPerSecondBurstFive)).Allowed);
        }

        Assert.Equal([true, true, true, true, true, false, false, false], allowed);
    }

    [Fact]
    public async Task Concurrent_callers_never_get_more_than_the_budget()
    {
        await using ConnectionMultiplexer redis = await SharedRedis.ConnectAsync();
        var limiter = new RedisRateLimiter(redis, new FakeTimeProvider());
        string key = TestNames.Unique("race");

        RateLimitLease[] leases = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => limiter.TryAcquireAsync(key, TenPerSecondBurstFive)));

        Assert.Equal(5, leases.Count(lease => lease.Allowed));
    }

    [Fact]
    public async Task Several_permits_are_taken_together_or_not_at_all()
    {
        await using ConnectionMultiplexer redis = await SharedRedis.ConnectAsync();
        var limiter = new RedisRateLimiter(redis, new FakeTimeProvider());
        string key = TestNames.Unique("batch");

        RateLimitLease three = await limiter.TryAcquireAsync(key, TenPerSecondBurstFive, permits: 3);
        RateLimitLease threeMore = await limiter.TryAcquireAsync(key, TenPerSecondBurstFive, permits: 3);
        RateLimitLease two = await limiter.TryAcquireAsync(key, TenPerSecondBurstFive, permits: 2);

        Assert.Equal(new RateLimitLease(true, TimeSpan.Zero, 2), three);
        Assert.Equal(new RateLimitLease(false, TimeSpan.FromMilliseconds(100), 2), threeMore);
        Assert.Equal(new RateLimitLease(true, TimeSpan.Zero, 0), two);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => limiter.TryAcquireAsync(key, TenPerSecondBurstFive, permits: 6));
    }

    [Fact]
    public async Task Daily_cap_per_user_refuses_a_third_promotion_until_one_comes_back()
    {
        await using ConnectionMultiplexer redis = await SharedRedis.ConnectAsync();
        var clock = new FakeTimeProvider();
        var limiter = new RedisRateLimiter(redis, clock);
        string key = TestNames.Unique("user") + ":promotional";
        RateLimit twoPerDay = RateLimit.PerDay(2);

        RateLimitLease[] leases = await AcquireAsync(limiter, key, twoPerDay, times: 3);
        clock.Advance(TimeSpan.FromHours(12));
        RateLimitLease halfDayLater = await limiter.TryAcquireAsync(key, twoPerDay);

        Assert.Equal([true, true, false], leases.Select(lease => lease.Allowed));
        Assert.Equal(TimeSpan.FromHours(12), leases[2].RetryAfter);
        Assert.True(halfDayLater.Allowed);
    }

    [Fact]
    public async Task Key_expires_by_itself_once_the_bucket_would_be_full_again()
    {
        await using ConnectionMultiplexer redis = await SharedRedis.ConnectAsync();
        var limiter = new RedisRateLimiter(redis, new FakeTimeProvider(), keyPrefix: "test:rate:");
        string key = TestNames.Unique("ttl");

        await AcquireAsync(limiter, key, TenPerSecondBurstFive, times: 3);

        TimeSpan? ttl = await redis.GetDatabase().KeyTimeToLiveAsync("test:rate:" + key);
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
    }

    private static async Task<RateLimitLease[]> AcquireAsync(RedisRateLimiter limiter, string key, RateLimit limit, int times)
    {
        var leases = new RateLimitLease[times];
        for (int i = 0; i < times; i++)
        {
            leases[i] = await limiter.TryAcquireAsync(key, limit);
        }

        return leases;
    }
}
