using System.Globalization;

namespace Notify.Nats.JetStream;

/// <summary>Where a JetStream delivery stands, read from its ack subject.</summary>
/// <param name="Stream">Stream name.</param>
/// <param name="Consumer">Consumer name.</param>
/// <param name="NumDelivered">How many times this message has been delivered, this time included.</param>
/// <param name="StreamSequence">Sequence in the stream.</param>
/// <param name="ConsumerSequence">Sequence in the consumer.</param>
/// <param name="Timestamp">When the stream stored it.</param>
/// <param name="NumPending">Messages after it still to deliver.</param>
/// <param name="Domain">JetStream domain, if any.</param>
public readonly record struct NatsJSMsgMetadata(string Stream, string Consumer, ulong NumDelivered, ulong StreamSequence,
    ulong ConsumerSequence, DateTimeOffset Timestamp, ulong NumPending, string? Domain)
{
    /// <summary>
    /// Parses <c>$JS.ACK.&lt;stream&gt;.&lt;consumer&gt;.&lt;delivered&gt;.&lt;sseq&gt;.&lt;cseq&gt;.&lt;ts&gt;.&lt;pending&gt;</c>
    /// and the v2 form with domain and account hash (<c>$JS.ACK.&lt;domain&gt;.&lt;hash&gt;.…</c>, 11 or more tokens).
    /// </summary>
    public static bool TryParse(string? ackSubject, out NatsJSMsgMetadata metadata)
    {
        metadata = default;
        if (ackSubject is null || !ackSubject.StartsWith("$JS.ACK.", StringComparison.Ordinal))
            return false;
        var tokens = ackSubject.Split('.');
        int first;
        string? domain = null;
        if (tokens.Length == 9)
            first = 2;
        else if (tokens.Length >= 11)
        {
            first = 4;
            domain = tokens[2] is "_" or "" ? null : tokens[2];
        }
        else
            return false;
        if (!ulong.TryParse(tokens[first + 2], NumberStyles.None, CultureInfo.InvariantCulture, out var delivered)
            || !ulong.TryParse(tokens[first + 3], NumberStyles.None, CultureInfo.InvariantCulture, out var streamSeq)
            || !ulong.TryParse(tokens[first + 4], NumberStyles.None, CultureInfo.InvariantCulture, out var consumerSeq)
            || !long.TryParse(tokens[first + 5], NumberStyles.None, CultureInfo.InvariantCulture, out var nanos)
            || !ulong.TryParse(tokens[first + 6], NumberStyles.None, CultureInfo.InvariantCulture, out var pending))
            return false;
        metadata = new NatsJSMsgMetadata(tokens[first], tokens[first + 1], delivered, streamSeq, consumerSeq,
            DateTimeOffset.UnixEpoch.AddTicks(nanos / 100), pending, domain);
        return true;
    }
}
