using System.Security.Cryptography;
using System.Text;

namespace Notify.Tests.Infrastructure;

/// <summary>Names that do not collide between tests sharing a server.</summary>
public static class TestNames
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int SuffixLength = 8;
    private const int MaxPrefixLength = 40;

    /// <summary>
    /// <paramref name="prefix"/> plus <c>_</c> and 8 random characters, e.g. <c>orders_k3j9x2qa</c>: lower-case
    /// letters, digits and <c>_</c>, starting with a letter, at most 49 characters — valid as a NATS stream or
    /// consumer name, a subject token, a PostgreSQL identifier and a Redis key prefix.
    /// </summary>
    public static string Unique(string prefix = "t")
    {
        var clean = new StringBuilder(prefix.Length + 1);
        foreach (char c in prefix.ToLowerInvariant())
        {
            clean.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }

        if (clean.Length == 0 || clean[0] is not (>= 'a' and <= 'z'))
        {
            clean.Insert(0, 't');
        }

        string head = clean.Length > MaxPrefixLength ? clean.ToString(0, MaxPrefixLength) : clean.ToString();
        return $"{head}_{RandomNumberGenerator.GetString(Alphabet, SuffixLength)}";
    }
}
