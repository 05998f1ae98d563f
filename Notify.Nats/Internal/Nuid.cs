using System.Security.Cryptography;

namespace Notify.Nats.Internal;

/// <summary>Unique ids for inboxes: a random 12-character prefix and a 10-character counter, base 62.</summary>
internal static class Nuid
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly string Prefix = RandomNumberGenerator.GetString(Alphabet, 12);
    private static long _sequence = RandomNumberGenerator.GetInt32(int.MaxValue);

    public static string Next()
    {
        var value = (ulong)Interlocked.Increment(ref _sequence);
        return string.Create(22, value, static (span, seq) =>
        {
            Prefix.AsSpan().CopyTo(span);
            for (var i = span.Length - 1; i >= 12; i--)
            {
                span[i] = Alphabet[(int)(seq % 62)];
                seq /= 62;
            }
        });
    }
}
