using System.Security.Cryptography;
using System.Text;

namespace Notify.Core.Notifications;

/// <summary>
/// Notification ids. Without an Idempotency-Key an id is a fresh UUIDv7 (time-ordered). With one it is derived
/// from (tenant, key), so every retry of the request, on any Ingest replica, at any later time, names the same
/// notification: JetStream's duplicate window, the Redis key record and the dispatcher's sent markers all key on it.
/// </summary>
public static class NotificationIds
{
    /// <summary>A new time-ordered id.</summary>
    public static Guid New() => Guid.CreateVersion7();

    /// <summary>The id of the request with <paramref name="idempotencyKey"/> from <paramref name="tenant"/>.</summary>
    public static Guid FromIdempotencyKey(string tenant, string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{idempotencyKey}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: application-defined (RFC 9562)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
