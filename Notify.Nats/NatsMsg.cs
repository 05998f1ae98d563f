namespace Notify.Nats;

/// <summary>A message received on a subscription.</summary>
/// <param name="Subject">The subject it was published to.</param>
/// <param name="ReplyTo">Where a reply goes, if the publisher asked for one.</param>
/// <param name="Headers">Headers, or null when it came as plain <c>MSG</c>.</param>
/// <param name="Data">The payload; owned by the message.</param>
/// <param name="Connection">The connection it arrived on, for replies.</param>
public readonly record struct NatsMsg(string Subject, string? ReplyTo, NatsHeaders? Headers, ReadOnlyMemory<byte> Data, NatsConnection? Connection)
{
    /// <summary>Whether the server made this message to report a status, rather than a publisher.</summary>
    public bool HasStatus => Headers is { Code: > 0 };

    /// <summary>Sends <paramref name="data"/> to <see cref="ReplyTo"/>.</summary>
    public ValueTask ReplyAsync(ReadOnlyMemory<byte> data, NatsHeaders? headers = null, CancellationToken cancellationToken = default)
    {
        if (ReplyTo is null || Connection is null)
            throw new InvalidOperationException("This message has no reply subject.");
        return Connection.PublishAsync(ReplyTo, data, headers, cancellationToken: cancellationToken);
    }
}
