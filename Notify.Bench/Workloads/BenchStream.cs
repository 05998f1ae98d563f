using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Notify.Bench.Workloads;

/// <summary>A file-storage stream made for one run, capturing the single subject the run publishes to.</summary>
internal sealed record BenchStream(string Name, string Subject)
{
    public static async Task<BenchStream> CreateAsync(INatsJSContext js, string name, CancellationToken cancellationToken)
    {
        var stream = new BenchStream(name, $"bench.{name.ToLowerInvariant()}");
        await js.CreateStreamAsync(new StreamConfig(stream.Name, [stream.Subject]) { Storage = StreamConfigStorage.File }, cancellationToken);
        return stream;
    }

    /// <summary>A durable pull consumer with explicit ack and the server's defaults otherwise.</summary>
    public async Task<string> CreateConsumerAsync(INatsJSContext js, string name, CancellationToken cancellationToken)
    {
        await js.CreateOrUpdateConsumerAsync(Name, new ConsumerConfig(name) { AckPolicy = ConsumerConfigAckPolicy.Explicit }, cancellationToken);
        return name;
    }

    /// <summary>Checks that the stream holds what the run claims to have published.</summary>
    public async Task VerifyStoredAsync(INatsJSContext js, long expected, CancellationToken cancellationToken)
    {
        var info = (await js.GetStreamAsync(Name, cancellationToken: cancellationToken)).Info;
        if (info.State.Messages != expected)
            throw new InvalidOperationException($"Stream {Name} holds {info.State.Messages} messages, expected {expected}.");
    }

    /// <summary>
    /// Checks that a consumer has the first <paramref name="expected"/> messages acknowledged. The server applies
    /// acks on its own queue, so the last ones may land a moment after the client's flush: poll for a while.
    /// </summary>
    public async Task VerifyAckedAsync(INatsJSContext js, string consumer, long expected, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var floor = (await js.GetConsumerAsync(Name, consumer, cancellationToken)).Info.AckFloor.StreamSeq;
            if (floor >= (ulong)expected)
                return;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Consumer {consumer} acknowledged up to {floor}, expected {expected}.");
            await Task.Delay(50, cancellationToken);
        }
    }

    public async Task DeleteAsync(INatsJSContext js, CancellationToken cancellationToken) =>
        await js.DeleteStreamAsync(Name, cancellationToken);
}
