using Notify.Nats.JetStream.Internal;
using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream;

/// <summary>A stream: its info, and direct access to its messages by sequence.</summary>
public sealed class NatsJSStream
{
    private readonly NatsJSContext _context;

    internal NatsJSStream(NatsJSContext context, StreamInfo info)
    {
        _context = context;
        Info = info;
    }

    /// <summary>Configuration and state as of the call that returned this object.</summary>
    public StreamInfo Info { get; private set; }

    /// <summary>Reads the info again.</summary>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken = default) =>
        Info = (await _context.GetStreamAsync(Info.Config.Name, cancellationToken).ConfigureAwait(false)).Info;

    /// <summary>The message at <paramref name="seq"/>.</summary>
    /// <exception cref="NatsJSApiException">10037 when there is no such message.</exception>
    public ValueTask<StoredMsg> GetMsgAsync(ulong seq, CancellationToken cancellationToken = default) =>
        _context.GetMsgAsync(Info.Config.Name, new MsgGetRequest { Seq = seq }, cancellationToken);

    /// <summary>The last message on <paramref name="subject"/>.</summary>
    public ValueTask<StoredMsg> GetLastMsgAsync(string subject, CancellationToken cancellationToken = default) =>
        _context.GetMsgAsync(Info.Config.Name, new MsgGetRequest { LastBySubj = subject }, cancellationToken);

    /// <summary>Deletes the message at <paramref name="seq"/> (without overwriting its bytes on disk).</summary>
    public ValueTask<bool> DeleteMsgAsync(ulong seq, CancellationToken cancellationToken = default) =>
        _context.DeleteMsgAsync(Info.Config.Name, seq, cancellationToken);
}
