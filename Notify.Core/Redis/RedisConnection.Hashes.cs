namespace Notify.Core.Redis;

public sealed partial class RedisConnection
{
    /// <summary>Sets one field of a hash (<c>HSET</c>); true when the field is new.</summary>
    public async Task<bool> HashSetAsync(string key, string field, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        var result = await SendAsync("HSET", (key, field, value), static (writer, in state) =>
        {
            writer.WriteCommand("HSET", 3);
            writer.Write(state.key);
            writer.Write(state.field);
            writer.Write(state.value);
        }, cancellationToken).ConfigureAwait(false);
        return result.AsInt64() > 0;
    }

    /// <summary>Sets several fields of a hash in one command (<c>HSET</c>); returns how many were new.</summary>
    public async Task<long> HashSetAsync(string key, IReadOnlyCollection<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentOutOfRangeException.ThrowIfZero(fields.Count, nameof(fields));
        foreach (var (field, value) in fields)
        {
            if (field is null || value is null)
                throw new ArgumentException("Hash fields and values cannot be null.", nameof(fields));
        }
        var result = await SendAsync("HSET", (key, fields), static (writer, in state) =>
        {
            writer.WriteCommand("HSET", 1 + 2 * state.fields.Count);
            writer.Write(state.key);
            foreach (var (field, value) in state.fields)
            {
                writer.Write(field);
                writer.Write(value);
            }
        }, cancellationToken).ConfigureAwait(false);
        return result.AsInt64();
    }

    /// <summary>Every field of a hash (<c>HGETALL</c>); empty when the key does not exist.</summary>
    public async Task<IReadOnlyDictionary<string, string>> HashGetAllAsync(string key, CancellationToken cancellationToken = default)
    {
        var items = (await SendKeyCommandAsync("HGETALL", key, cancellationToken).ConfigureAwait(false)).AsArray();
        var hash = new Dictionary<string, string>(items.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
            hash[items[i].AsString()!] = items[i + 1].AsString()!;
        return hash;
    }
}
