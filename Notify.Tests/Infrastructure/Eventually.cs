namespace Notify.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline, polling with a short, growing interval: no bare sleeps in tests.</summary>
public static class Eventually
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(200);
    private static readonly object Met = new();

    /// <summary>Completes once <paramref name="condition"/> is true; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string? because = null)
    {
        return UntilAsync(() => Task.FromResult(condition()), timeout, because);
    }

    /// <summary>Completes once <paramref name="condition"/> is true; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null)
    {
        return ValueAsync(async () => await condition() ? Met : null, timeout, because);
    }

    /// <summary>Returns the first non-null result of <paramref name="probe"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static Task<T> ValueAsync<T>(Func<T?> probe, TimeSpan timeout, string? because = null)
        where T : class
    {
        return ValueAsync(() => Task.FromResult(probe()), timeout, because);
    }

    /// <summary>Returns the first non-null result of <paramref name="probe"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string? because = null)
        where T : class
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        TimeSpan interval = FirstInterval;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"not true within {timeout.TotalSeconds:0.###} s" + (because is null ? "" : $": {because}"));
            }

            await Task.Delay(interval);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxInterval.Ticks));
        }
    }
}
