using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>Readiness checks for line-based TCP protocols (Redis, SMTP): send a command, read one reply line.</summary>
internal sealed class LineProtocolProbe : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private LineProtocolProbe(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    public static async Task<LineProtocolProbe> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return new LineProtocolProbe(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Reads one reply line; throws when the connection closes first.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        return await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException("connection closed before a reply");
    }

    /// <summary>Sends a RESP command (an array of bulk strings) and reads the reply line.</summary>
    public async Task<string> SendRespAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var request = new StringBuilder().Append('*').Append(command.Count).Append("\r\n");
        foreach (string part in command)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await SendAsync(request.ToString(), cancellationToken).ConfigureAwait(false);
        return await ReadLineAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }
}
