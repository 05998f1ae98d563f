using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Models;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats.JetStream;

/// <summary>
/// A stream of the test's own on the shared server (unique name, memory storage, capturing <c>&lt;name&gt;.&gt;</c>),
/// with its connection and context; deleted with the connection on dispose.
/// </summary>
internal sealed class TestStream : IAsyncDisposable
{
    private TestStream(NatsConnection connection, NatsJSContext js, NatsJSStream stream)
    {
        Connection = connection;
        Js = js;
        Stream = stream;
    }

    public NatsConnection Connection { get; }

    public NatsJSContext Js { get; }

    public NatsJSStream Stream { get; }

    public string Name => Stream.Info.Config.Name;

    /// <summary>Creates the stream; <paramref name="configure"/> may change anything but its name and subjects.</summary>
    public static async Task<TestStream> CreateAsync(string prefix, Func<StreamConfig, StreamConfig>? configure = null, NatsJSOpts? opts = null)
    {
        NatsConnection connection = await SharedNats.ConnectAsync();
        var js = new NatsJSContext(connection, opts ?? NatsJSOpts.Default);
        string name = TestNames.Unique(prefix);
        var config = new StreamConfig(name, [$"{name}.>"]) { Storage = StreamConfigStorage.Memory };
        NatsJSStream stream = await js.CreateStreamAsync(configure is null ? config : configure(config));
        return new TestStream(connection, js, stream);
    }

    /// <summary>A subject the stream captures.</summary>
    public string Subject(string token = "msg") => $"{Name}.{token}";

    /// <summary>Publishes <paramref name="count"/> messages <c>0</c>, <c>1</c>, … to <see cref="Subject"/> and waits for each PubAck.</summary>
    public async Task PublishAsync(int count, string token = "msg")
    {
        for (int i = 0; i < count; i++)
        {
            (await Js.PublishAsync(Subject(token), i.ToString().Utf8())).EnsureSuccess();
        }
    }

    /// <summary>A durable pull consumer named after the stream; <paramref name="configure"/> may change its config.</summary>
    public async Task<NatsJSConsumer> CreateConsumerAsync(Func<ConsumerConfig, ConsumerConfig>? configure = null)
    {
        var config = new ConsumerConfig(TestNames.Unique("c"));
        return await Js.CreateOrUpdateConsumerAsync(Name, configure is null ? config : configure(config));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Js.DeleteStreamAsync(Name);
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }
}
