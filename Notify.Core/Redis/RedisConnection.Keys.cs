namespace Notify.Core.Redis;

public sealed partial class RedisConnection
{
    /// <summary>Deletes a key (<c>DEL</c>); true when it existed.</summary>
    public async Task<bool> KeyDeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var result = await SendKeyCommandAsync("DEL", key, cancellationToken).ConfigureAwait(false);
        return result.AsInt64() > 0;
    }

    /// <summary>Whether a key exists (<c>EXISTS</c>).</summary>
    public async Task<bool> KeyExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        var result = await SendKeyCommandAsync("EXISTS", key, cancellationToken).ConfigureAwait(false);
        return result.AsInt64() > 0;
    }

    /// <summary>
    /// Sets a key's time to live (<c>PEXPIRE</c>), or removes it when <paramref name="expiry"/> is null (<c>PERSIST</c>);
    /// true when the key exists (and, for null, had a time to live).
    /// </summary>
    public async Task<bool> KeyExpireAsync(string key, TimeSpan? expiry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (expiry is null)
            return (await SendKeyCommandAsync("PERSIST", key, cancellationToken).ConfigureAwait(false)).AsBoolean();
        var milliseconds = ToMilliseconds(expiry.Value, nameof(expiry));
        var result = await SendAsync("PEXPIRE", (key, milliseconds), static (writer, in state) =>
        {
            writer.WriteCommand("PEXPIRE", 2);
            writer.Write(state.key);
            writer.Write(state.milliseconds);
        }, cancellationToken).ConfigureAwait(false);
        return result.AsBoolean();
    }

    /// <summary>A key's remaining time to live (<c>PTTL</c>); null when the key does not exist or never expires.</summary>
    public async Task<TimeSpan?> KeyTimeToLiveAsync(string key, CancellationToken cancellationToken = default)
    {
        var milliseconds = (await SendKeyCommandAsync("PTTL", key, cancellationToken).ConfigureAwait(false)).AsInt64();
        return milliseconds < 0 ? null : TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>Sends a command whose only argument is a key: <c>GET</c>, <c>DEL</c>, <c>INCR</c>, <c>HGETALL</c>…</summary>
    private Task<RedisResult> SendKeyCommandAsync(string command, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SendAsync(command, (command, key), static (writer, in state) =>
        {
            writer.WriteCommand(state.command, 1);
            writer.Write(state.key);
        }, cancellationToken);
    }

    private static long ToMilliseconds(TimeSpan expiry, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiry, TimeSpan.Zero, name);
        return Math.Max(1, (long)Math.Ceiling(expiry.TotalMilliseconds));
    }
}
