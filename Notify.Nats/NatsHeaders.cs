using System.Buffers;
using System.Buffers.Text;
using System.Collections;
using System.Text;

namespace Notify.Nats;

/// <summary>
/// Message headers (<c>NATS/1.0</c> block) and, on server-made messages, the status line.
/// Keys keep their case on the wire and match without regard to case; a key may repeat.
/// Headers received from the server are parsed on first use, so deliveries whose headers nobody reads cost one copy.
/// </summary>
public sealed class NatsHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private static ReadOnlySpan<byte> Preamble => "NATS/1.0"u8;
    private List<KeyValuePair<string, string>>? _entries;
    private byte[]? _raw;

    /// <summary>Empty headers to fill.</summary>
    public NatsHeaders() => _entries = [];

    internal NatsHeaders(byte[] raw, int code, string? message)
    {
        _raw = raw;
        Code = code;
        Message = message;
    }

    /// <summary>Status code of a server-made message (100, 404, 408, 409, 503…); 0 when there is none.</summary>
    public int Code { get; }

    /// <summary>Status description that follows the code, if any.</summary>
    public string? Message { get; }

    /// <summary>Number of header entries.</summary>
    public int Count => Entries.Count;

    /// <summary>The first value of <paramref name="key"/>; setting replaces every value of it.</summary>
    public string this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"Header '{key}' is not present.");
        set
        {
            Validate(key, value);
            Remove(key);
            Entries.Add(new(key, value));
        }
    }

    /// <summary>Adds a value, keeping those already there.</summary>
    public void Add(string key, string value)
    {
        Validate(key, value);
        Entries.Add(new(key, value));
    }

    /// <summary>Finds the first value of <paramref name="key"/>.</summary>
    public bool TryGetValue(string key, out string value)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                value = entry.Value;
                return true;
            }
        }
        value = "";
        return false;
    }

    /// <summary>Every value of <paramref name="key"/>, in order.</summary>
    public IEnumerable<string> GetValues(string key) =>
        Entries.Where(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Select(e => e.Value);

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>Removes every value of <paramref name="key"/>.</summary>
    public bool Remove(string key) => Entries.RemoveAll(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)) > 0;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private List<KeyValuePair<string, string>> Entries => _entries ??= ParseEntries(_raw!);

    /// <summary>A name or value that could end the header line would let it smuggle headers or break the block.</summary>
    private static void Validate(string key, string value)
    {
        if (key.Length == 0 || key.AsSpan().ContainsAny(" :\r\n"))
            throw new ArgumentException($"'{key}' is not a valid header name.", nameof(key));
        if (value.AsSpan().ContainsAny('\r', '\n'))
            throw new ArgumentException("Header values cannot contain CR or LF.", nameof(value));
    }

    /// <summary>A copy to add headers to without changing the caller's, which may be reused or shared.</summary>
    internal NatsHeaders Copy()
    {
        var copy = new NatsHeaders();
        copy._entries!.AddRange(Entries);
        return copy;
    }

    /// <summary>Bytes of the header block on the wire, including the blank line that ends it.</summary>
    internal int GetWireLength()
    {
        var length = Preamble.Length + 2 + 2;
        foreach (var (key, value) in Entries)
            length += Encoding.UTF8.GetByteCount(key) + 2 + Encoding.UTF8.GetByteCount(value) + 2;
        return length;
    }

    internal void WriteTo(Span<byte> destination)
    {
        Preamble.CopyTo(destination);
        var at = Preamble.Length;
        destination[at++] = (byte)'\r';
        destination[at++] = (byte)'\n';
        foreach (var (key, value) in Entries)
        {
            at += Encoding.UTF8.GetBytes(key, destination[at..]);
            destination[at++] = (byte)':';
            destination[at++] = (byte)' ';
            at += Encoding.UTF8.GetBytes(value, destination[at..]);
            destination[at++] = (byte)'\r';
            destination[at++] = (byte)'\n';
        }
        destination[at++] = (byte)'\r';
        destination[at] = (byte)'\n';
    }

    /// <summary>Reads the status line of a header block without parsing the entries.</summary>
    internal static NatsHeaders FromWire(byte[] raw)
    {
        var span = raw.AsSpan();
        var lineEnd = span.IndexOf("\r\n"u8);
        if (lineEnd < 0 || !span.StartsWith(Preamble))
            throw new NatsProtocolException("Header block does not start with NATS/1.0.");
        var status = span[Preamble.Length..lineEnd].Trim((byte)' ');
        var code = 0;
        string? message = null;
        if (!status.IsEmpty)
        {
            var space = status.IndexOf((byte)' ');
            var codeSpan = space < 0 ? status : status[..space];
            if (!Utf8Parser.TryParse(codeSpan, out code, out var used) || used != codeSpan.Length)
                throw new NatsProtocolException("Header status code is not a number.");
            if (space >= 0)
                message = Encoding.UTF8.GetString(status[(space + 1)..].Trim((byte)' '));
        }
        return new NatsHeaders(raw, code, message);
    }

    private static List<KeyValuePair<string, string>> ParseEntries(byte[] raw)
    {
        var entries = new List<KeyValuePair<string, string>>(4);
        var rest = raw.AsSpan();
        rest = rest[(rest.IndexOf("\r\n"u8) + 2)..];
        while (true)
        {
            var lineEnd = rest.IndexOf("\r\n"u8);
            if (lineEnd <= 0)
                break;
            var line = rest[..lineEnd];
            var colon = line.IndexOf((byte)':');
            if (colon > 0)
            {
                var key = Encoding.UTF8.GetString(line[..colon].Trim((byte)' '));
                var value = Encoding.UTF8.GetString(line[(colon + 1)..].Trim((byte)' '));
                entries.Add(new(key, value));
            }
            rest = rest[(lineEnd + 2)..];
        }
        return entries;
    }
}
