using Notify.Core.Redis.Internal;

namespace Notify.Core.Redis;

public sealed partial class RedisConnection
{
    /// <summary>
    /// Runs a Lua script: <c>EVALSHA</c> by its digest, and when the server does not have it cached (<c>NOSCRIPT</c>,
    /// e.g. after a restart or <c>SCRIPT FLUSH</c>) <c>EVAL</c> with the source, which caches it again. The fallback is
    /// safe because a <c>NOSCRIPT</c> reply means nothing ran.
    /// </summary>
    /// <param name="script">The script.</param>
    /// <param name="keys">The keys it touches (<c>KEYS</c> in Lua).</param>
    /// <param name="args">Its other arguments (<c>ARGV</c> in Lua).</param>
    /// <param name="cancellationToken">Stops the wait for the reply.</param>
    /// <exception cref="RedisServerException">The script failed.</exception>
    public async Task<RedisResult> ScriptEvaluateAsync(RedisScript script, string[]? keys = null, RedisValue[]? args = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        keys ??= [];
        args ??= [];
        foreach (var key in keys)
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
        try
        {
            return await SendAsync("EVALSHA", ("EVALSHA", script.Sha1, keys, args), WriteEval, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.ErrorCode == "NOSCRIPT")
        {
            return await SendAsync("EVAL", ("EVAL", script.Lua, keys, args), WriteEval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>EVALSHA takes the digest and EVAL the source; the shapes are otherwise the same.</summary>
    private static readonly RespCommand<(string Command, string Body, string[] Keys, RedisValue[] Args)> WriteEval = static (writer, in state) =>
    {
        writer.WriteCommand(state.Command, 2 + state.Keys.Length + state.Args.Length);
        writer.Write(state.Body);
        writer.Write(state.Keys.Length);
        foreach (var key in state.Keys)
            writer.Write(key);
        foreach (var arg in state.Args)
            writer.Write(arg);
    };
}
