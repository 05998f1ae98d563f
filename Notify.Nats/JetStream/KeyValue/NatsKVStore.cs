using System.Globalization;
using System.Text.RegularExpressions;
using Notify.Nats.JetStream.Internal;
using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream.KeyValue;

/// <summary>One bucket: get, put, compare-and-set, delete and watch keys.</summary>
public sealed partial class NatsKVStore
{
    private const int WrongLastSequence = 10071;
    private readonly NatsJSContext _js;
    private readonly string _subjectPrefix;
    private readonly string _stream;

    internal NatsKVStore(NatsJSContext js, string bucket)
    {
        _js = js;
        Bucket = bucket;
        _stream = $"KV_{bucket}";
        _subjectPrefix = $"$KV.{bucket}.";
    }

    /// <summary>Bucket name.</summary>
    public string Bucket { get; }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>; returns the new revision.</summary>
    public async ValueTask<ulong> PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var ack = await _js.PublishAsync(SubjectOf(key), value, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ack.EnsureSuccess().Seq;
    }

    /// <summary>Stores <paramref name="value"/> only if <paramref name="key"/> has no value yet.</summary>
    /// <exception cref="NatsKVWrongLastRevisionException">The key has a value.</exception>
    public async ValueTask<ulong> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        try
        {
            return await UpdateAsync(key, value, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsKVWrongLastRevisionException)
        {
            // a deleted key may be created again: its last entry is a tombstone
            var entry = await GetLatestAsync(key, cancellationToken).ConfigureAwait(false);
            if (entry is not { Operation: NatsKVOperation.Del or NatsKVOperation.Purge })
                throw;
            return await UpdateAsync(key, value, entry.Revision, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stores <paramref name="value"/> only if the key's latest revision is <paramref name="revision"/>.</summary>
    /// <exception cref="NatsKVWrongLastRevisionException">Another revision came first.</exception>
    public async ValueTask<ulong> UpdateAsync(string key, ReadOnlyMemory<byte> value, ulong revision, CancellationToken cancellationToken = default)
    {
        var ack = await _js.PublishAsync(SubjectOf(key), value, new NatsJSPubOpts { ExpectedLastSubjectSequence = revision },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (ack.Error is { ErrCode: WrongLastSequence } error)
            throw new NatsKVWrongLastRevisionException(Bucket, key, new NatsJSApiException(error));
        return ack.EnsureSuccess().Seq;
    }

    /// <summary>Deletes <paramref name="key"/> (a tombstone revision; watchers see it).</summary>
    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var headers = new NatsHeaders { ["KV-Operation"] = "DEL" };
        var ack = await _js.PublishAsync(SubjectOf(key), default, headers: headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        ack.EnsureSuccess();
    }

    /// <summary>The latest value of <paramref name="key"/>.</summary>
    /// <exception cref="NatsKVKeyNotFoundException">The key has no value.</exception>
    public async ValueTask<NatsKVEntry> GetEntryAsync(string key, CancellationToken cancellationToken = default)
    {
        var entry = await GetLatestAsync(key, cancellationToken).ConfigureAwait(false);
        return entry is { Operation: NatsKVOperation.Put } ? entry : throw new NatsKVKeyNotFoundException(Bucket, key);
    }

    /// <summary>The latest value of <paramref name="key"/>, or null when it has none.</summary>
    public async ValueTask<NatsKVEntry?> TryGetEntryAsync(string key, CancellationToken cancellationToken = default)
    {
        var entry = await GetLatestAsync(key, cancellationToken).ConfigureAwait(false);
        return entry is { Operation: NatsKVOperation.Put } ? entry : null;
    }

    private async ValueTask<NatsKVEntry?> GetLatestAsync(string key, CancellationToken cancellationToken)
    {
        StoredMsg stored;
        try
        {
            stored = await _js.GetMsgAsync(_stream, new MsgGetRequest { LastBySubj = SubjectOf(key) }, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == 10037)
        {
            return null; // no message on that subject
        }
        return new NatsKVEntry(Bucket, key, stored.Data ?? [], stored.Seq, stored.Time, OperationOf(stored.Headers));
    }

    internal static NatsKVOperation OperationOf(NatsHeaders? headers) =>
        headers is not null && headers.TryGetValue("KV-Operation", out var op)
            ? op.ToUpperInvariant() switch { "DEL" => NatsKVOperation.Del, "PURGE" => NatsKVOperation.Purge, _ => NatsKVOperation.Put }
            : NatsKVOperation.Put;

    private string SubjectOf(string key)
    {
        if (!ValidKey().IsMatch(key) || key.StartsWith('.') || key.EndsWith('.'))
            throw new ArgumentException($"'{key}' is not a valid key.", nameof(key));
        return string.Create(CultureInfo.InvariantCulture, $"{_subjectPrefix}{key}");
    }

    [GeneratedRegex(@"^[-/_=\.a-zA-Z0-9]+$")]
    private static partial Regex ValidKey();
}
