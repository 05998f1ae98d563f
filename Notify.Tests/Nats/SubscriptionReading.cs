using System.Text;
using Notify.Nats;

namespace Notify.Tests.Nats;

/// <summary>Reads from subscriptions with a deadline, so that a missing message fails the test instead of hanging it.</summary>
internal static class SubscriptionReading
{
    /// <summary>The next message; fails with <see cref="OperationCanceledException"/> when none comes within the deadline.</summary>
    public static async Task<NatsMsg> NextAsync(this NatsSubscription sub)
    {
        using var deadline = new CancellationTokenSource(SharedNats.Deadline);
        return await sub.Msgs.ReadAsync(deadline.Token);
    }

    /// <summary>The next <paramref name="count"/> messages, in arrival order.</summary>
    public static async Task<List<NatsMsg>> NextAsync(this NatsSubscription sub, int count)
    {
        var msgs = new List<NatsMsg>(count);
        while (msgs.Count < count)
        {
            msgs.Add(await sub.NextAsync());
        }

        return msgs;
    }

    /// <summary>Every message until the subscription ends; fails when it does not end within the deadline.</summary>
    public static async Task<List<NatsMsg>> ReadToEndAsync(this NatsSubscription sub)
    {
        using var deadline = new CancellationTokenSource(SharedNats.Deadline);
        var msgs = new List<NatsMsg>();
        await foreach (NatsMsg msg in sub.Msgs.ReadAllAsync(deadline.Token))
        {
            msgs.Add(msg);
        }

        return msgs;
    }

    /// <summary>The payload as UTF-8 text.</summary>
    public static string Text(this NatsMsg msg) => Encoding.UTF8.GetString(msg.Data.Span);

    /// <summary>The bytes as UTF-8 text.</summary>
    public static string AsText(this byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Utf8(this string text) => Encoding.UTF8.GetBytes(text);
}
