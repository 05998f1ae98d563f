using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Notify.Tests.Hosting;

/// <summary>
/// The NATS text protocol spoken by hand, just enough to check the launched server (INFO, auth, JetStream API
/// requests) without depending on the client library under development. ASCII payloads only.
/// </summary>
internal sealed class NatsWire : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private int _nextSid;

    private NatsWire(TcpClient client, JsonElement info)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
        Info = info;
    }

    /// <summary>The server's INFO.</summary>
    public JsonElement Info { get; private set; }

    /// <summary>Connects and authenticates; the server's answer to the first PING is in <paramref name="reply"/>.</summary>
    public static async Task<(NatsWire Connection, string Reply)> ConnectAsync(int port, string? user = null, string? password = null)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var wire = new NatsWire(client, default);
        string infoLine = await wire.ReadLineAsync();
        wire.Info = JsonDocument.Parse(infoLine["INFO ".Length..]).RootElement.Clone();
        string connect = JsonSerializer.Serialize(new { verbose = false, pedantic = false, user, pass = password });
        await wire.WriteAsync($"CONNECT {connect}\r\nPING\r\n");
        return (wire, await wire.ReadLineAsync());
    }

    /// <summary>Publishes <paramref name="payload"/> to <paramref name="subject"/> and returns the first reply.</summary>
    public async Task<JsonElement> RequestAsync(string subject, string payload)
    {
        int sid = ++_nextSid;
        string inbox = $"_INBOX.wire.{sid}";
        await WriteAsync($"SUB {inbox} {sid}\r\nPUB {subject} {inbox} {Encoding.ASCII.GetByteCount(payload)}\r\n{payload}\r\n");
        while (true)
        {
            string line = await ReadLineAsync();
            if (line == "PING")
            {
                await WriteAsync("PONG\r\n");
            }
            else if (line.StartsWith($"MSG {inbox} ", StringComparison.Ordinal))
            {
                int size = int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                char[] body = new char[size];
                await _reader.ReadBlockAsync(body);
                await ReadLineAsync();
                await WriteAsync($"UNSUB {sid}\r\n");
                return JsonDocument.Parse(new string(body)).RootElement.Clone();
            }
            else if (line.StartsWith("-ERR", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _reader.ReadLineAsync(timeout.Token) ?? throw new IOException("connection closed by the server");
    }

    private Task WriteAsync(string text) => _stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();
}
