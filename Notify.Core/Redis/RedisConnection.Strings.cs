using System.Text;

namespace Notify.Core.Redis;

public sealed partial class RedisConnection
{
    /// <summary>The value of a key as text (<c>GET</c>); null when it does not exist.</summary>
    public async Task<string?> StringGetAsync(string key, CancellationToken cancellationToken = default) =>
        (await SendKeyCommandAsync("GET", key, cancellationToken).ConfigureAwait(false)).AsString();

    /// <summary>The value of a key as bytes (<c>GET</c>); null when it does not exist.</summary>
    public async Task<byte[]?> StringGetBytesAsync(string key, CancellationToken cancellationToken = default) =>
        (await SendKeyCommandAsync("GET", key, cancellationToken).ConfigureAwait(false)).AsBytes();

    /// <summary>
    /// Sets a key to text (<c>SET</c>), with an optional time to live and condition; true when it was written
    /// (false when <paramref name="when"/> did not hold).
    /// </summary>
    public Task<bool> StringSetAsync(string key, string value, TimeSpan? expiry = null, When when = When.Always,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return StringSetCoreAsync(key, value, expiry, when, cancellationToken);
    }

    /// <summary>Sets a key to bytes (<c>SET</c>); see <see cref="StringSetAsync(string, string, TimeSpan?, When, CancellationToken)"/>.</summary>
    public Task<bool> StringSetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? expiry = null, When when = When.Always,
        CancellationToken cancellationToken = default) =>
        StringSetCoreAsync(key, value, expiry, when, cancellationToken);

    /// <summary>Adds <paramref name="by"/> to the integer in a key (<c>INCR</c>/<c>INCRBY</c>, a missing key counts as 0) and returns the result.</summary>
    public async Task<long> StringIncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var result = by == 1
            ? await SendKeyCommandAsync("INCR", key, cancellationToken).ConfigureAwait(false)
            : await SendAsync("INCRBY", (key, by), static (writer, in state) =>
            {
                writer.WriteCommand("INCRBY", 2);
                writer.Write(state.key);
                writer.Write(state.by);
            }, cancellationToken).ConfigureAwait(false);
        return result.AsInt64();
    }

    private async Task<bool> StringSetCoreAsync(string key, RedisValue value, TimeSpan? expiry, When when, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var milliseconds = expiry is { } ttl ? ToMilliseconds(ttl, nameof(expiry)) : 0;
        var result = await SendAsync("SET", (key, value, milliseconds, when), static (writer, in state) =>
        {
            var count = 2 + (state.milliseconds > 0 ? 2 : 0) + (state.when == When.Always ? 0 : 1);
            writer.WriteCommand("SET", count);
            writer.Write(state.key);
            writer.Write(state.value);
            if (state.milliseconds > 0)
            {
                writer.Write("PX");
                writer.Write(state.milliseconds);
            }
            if (state.when != When.Always)
                writer.Write(state.when == When.NotExists ? "NX" : "XX");
        }, cancellationToken).ConfigureAwait(false);
        return !result.IsNull; // OK when written, nil when NX/XX did not hold
    }
}
