using Notify.Core.Notifications;
using Notify.Dispatcher.Retry;

namespace Notify.Tests.Dispatcher;

public sealed class RetryPolicyTests
{
    private static readonly RetryOptions NoJitter = new()
    {
        Priorities = new() { [Priority.Normal] = new Backoff { Base = TimeSpan.FromSeconds(2), Cap = TimeSpan.FromSeconds(30), Jitter = 0 } },
        Channels = new() { [Channel.Email] = new Backoff { Base = TimeSpan.FromSeconds(10), Cap = TimeSpan.FromMinutes(5), Jitter = 0 } },
    };

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(40, 30)]
    public void Delay_doubles_from_the_base_up_to_the_cap(int failedAttempt, double seconds)
    {
        var delay = new RetryPolicy(NoJitter).DelayAfter(failedAttempt, Priority.Normal, Channel.Push);
        Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
    }

    [Fact]
    public void A_channel_policy_overrides_the_priority_policy()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), new RetryPolicy(NoJitter).DelayAfter(2, Priority.Normal, Channel.Email));
    }

    [Fact]
    public void Retry_after_from_the_provider_wins_when_longer()
    {
        var policy = new RetryPolicy(NoJitter);
        Assert.Equal(TimeSpan.FromSeconds(45), policy.DelayAfter(1, Priority.Normal, Channel.Sms, TimeSpan.FromSeconds(45)));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.DelayAfter(1, Priority.Normal, Channel.Sms, TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void No_delay_exceeds_the_maximum()
    {
        var options = NoJitter with { MaxDelay = TimeSpan.FromSeconds(60) };
        Assert.Equal(TimeSpan.FromSeconds(60), new RetryPolicy(options).DelayAfter(1, Priority.Normal, Channel.Sms, TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Jitter_spreads_delays_within_its_band()
    {
        var options = new RetryOptions { Priorities = new() { [Priority.Low] = new Backoff { Base = TimeSpan.FromSeconds(10), Cap = TimeSpan.FromMinutes(1), Jitter = 0.2 } } };
        var policy = new RetryPolicy(options);
        var delays = Enumerable.Range(0, 200).Select(_ => policy.DelayAfter(1, Priority.Low, null).TotalSeconds).ToList();
        Assert.All(delays, d => Assert.InRange(d, 8, 12));
        Assert.True(delays.Distinct().Count() > 50, "jittered delays should differ");
    }
}
