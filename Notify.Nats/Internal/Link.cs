using System.IO.Pipelines;
using System.Net.Sockets;

namespace Notify.Nats.Internal;

/// <summary>One TCP connection to one server; the client replaces it when it dies.</summary>
internal sealed class Link(NatsUri server, Socket socket, NetworkStream stream, PipeReader reader) : IAsyncDisposable
{
    public NatsUri Server { get; } = server;
    public NetworkStream Stream { get; } = stream;
    public PipeReader Reader { get; } = reader;
    public NatsServerInfo Info { get; set; } = new();

    public static async Task<Link> OpenAsync(NatsUri server, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (server.Host.Contains(':', StringComparison.Ordinal) || server.Host == "localhost")
        {
            socket.Dispose();
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        }
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        return new Link(server, socket, stream, reader);
    }

    /// <summary>Ends the socket at once so that pending reads and writes fail.</summary>
    public void Abort()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already closed by the peer: nothing left to shut down
        }
        catch (ObjectDisposedException)
        {
            // already disposed by an earlier abort
        }
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await Reader.CompleteAsync().ConfigureAwait(false);
        await Stream.DisposeAsync().ConfigureAwait(false);
    }
}
