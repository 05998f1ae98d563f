using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Notify.Ingest.Auth;

/// <summary>
/// The SHA-256 of an API key: the only form in which a key is stored (as the KV key, in lower-case hex) or held in
/// memory. A value type of four words, so hashing a presented key and looking it up allocates nothing.
/// </summary>
public readonly record struct ApiKeyHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Longest key accepted, in characters; longer ones are refused without hashing.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The hash of <paramref name="key"/> (UTF-8).</summary>
    public static ApiKeyHash Of(ReadOnlySpan<char> key)
    {
        if (key.Length > MaxKeyLength)
            throw new ArgumentException($"An API key has at most {MaxKeyLength} characters.", nameof(key));
        Span<byte> utf8 = stackalloc byte[MaxKeyLength * 3];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return FromBytes(hash);
    }

    /// <summary>Parses the 64 hex digits of a KV key.</summary>
    public static bool TryParse(string hex, out ApiKeyHash hash)
    {
        hash = default;
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        if (hex.Length != 64 || Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            return false;
        hash = FromBytes(bytes);
        return true;
    }

    /// <summary>The KV key: 64 lower-case hex digits.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
        return Convert.ToHexStringLower(bytes);
    }

    private static ApiKeyHash FromBytes(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
}
