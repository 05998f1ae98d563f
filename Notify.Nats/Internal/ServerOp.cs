namespace Notify.Nats.Internal;

internal enum ServerOpKind { Msg, Ping, Pong, Ok, Err, Info }

/// <summary>One parsed server operation; spans point into the read buffer and live until it is advanced.</summary>
internal ref struct ServerOp
{
    public ServerOpKind Kind;
    public ReadOnlySpan<byte> Subject;
    public ReadOnlySpan<byte> ReplyTo;
    public long Sid;
    public byte[]? Headers;
    public byte[] Payload;
    public ReadOnlySpan<byte> Text;
}
