using System.Net;
using System.Text;

namespace Notify.Tests.Ingest;

/// <summary>One server-sent event.</summary>
public sealed record SseEvent(string? Id, string? Event, string Data);

/// <summary>Reads a <c>text/event-stream</c> response event by event, each read bounded by a deadline.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly Queue<string> _comments = new();

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    /// <summary>Opens the stream and checks it is one.</summary>
    public static async Task<SseReader> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, skipping comments.</summary>
    public async Task<SseEvent> NextEventAsync()
    {
        while (true)
        {
            var block = await ReadBlockAsync();
            string? id = null, type = null;
            var data = new List<string>();
            foreach (var line in block)
            {
                if (line.StartsWith(':'))
                    _comments.Enqueue(line[1..].Trim());
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                    id = line[4..];
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    data.Add(line[6..]);
            }
            if (data.Count > 0)
                return new SseEvent(id, type, string.Join('\n', data));
        }
    }

    /// <summary>The next comment line's text.</summary>
    public async Task<string> NextCommentAsync()
    {
        while (_comments.Count == 0)
        {
            foreach (var line in await ReadBlockAsync())
            {
                if (line.StartsWith(':'))
                    _comments.Enqueue(line[1..].Trim());
            }
        }
        return _comments.Dequeue();
    }

    private async Task<List<string>> ReadBlockAsync()
    {
        using var deadline = new CancellationTokenSource(IngestTestHost.Deadline);
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(deadline.Token) ?? throw new EndOfStreamException("the event stream ended");
            if (line.Length == 0)
            {
                if (lines.Count > 0)
                    return lines;
                continue;
            }
            lines.Add(line);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
