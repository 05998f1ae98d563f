using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Notify.Core.Redis;

/// <summary>
/// A Lua script and the SHA1 digest Redis knows it by, computed once here so that
/// <see cref="RedisConnection.ScriptEvaluateAsync"/> can send <c>EVALSHA</c> without a <c>SCRIPT LOAD</c> round trip.
/// Create one per script and keep it (a static field).
/// </summary>
public sealed class RedisScript
{
    /// <summary>Wraps <paramref name="lua"/>.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "SHA1 is how Redis names cached scripts (EVALSHA); it is an identifier, not a security measure.")]
    public RedisScript(string lua)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lua);
        Lua = lua;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(lua)));
    }

    /// <summary>The script's source.</summary>
    public string Lua { get; }

    /// <summary>The lower-case hex SHA1 of the UTF-8 source, as <c>SCRIPT LOAD</c> would return it.</summary>
    public string Sha1 { get; }

    /// <inheritdoc />
    public override string ToString() => Sha1;
}
