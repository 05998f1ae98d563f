using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notify.Dispatcher;
using Notify.Ingest;

namespace Notify.Tests.Ingest;

public sealed class IngestConfigurationTests
{
    [Fact]
    public async Task A_stream_layout_JetStream_would_refuse_stops_Ingest_and_the_dispatcher_with_the_same_line()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = "nats://127.0.0.1:1",
            ["ConnectionStrings:redis"] = "127.0.0.1:1",
            ["ConnectionStrings:notifydb"] = "Host=127.0.0.1;Port=1;Username=notify;Database=notifydb",
            ["Notify:Streams:DuplicateWindow"] = "00:10:00",
            ["Notify:Streams:Low:MaxAge"] = "00:05:00",
        };
        await using WebApplication ingest = IngestApplication.Create(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));
        await using WebApplication dispatcher = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));

        var ingestError = await Assert.ThrowsAsync<OptionsValidationException>(() => ingest.StartAsync());
        var dispatcherError = await Assert.ThrowsAsync<OptionsValidationException>(() => dispatcher.StartAsync());

        Assert.Equal("Notify:Streams:Low:MaxAge must not be shorter than DuplicateWindow (JetStream refuses the stream).", ingestError.Message);
        Assert.Equal(ingestError.Message, dispatcherError.Message);
    }

    [Fact]
    public async Task An_unsubscribe_signing_key_too_short_to_sign_with_stops_Ingest_as_it_stops_the_dispatcher()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = "nats://127.0.0.1:1",
            ["ConnectionStrings:redis"] = "127.0.0.1:1",
            ["ConnectionStrings:notifydb"] = "Host=127.0.0.1;Port=1;Username=notify;Database=notifydb",
            ["Notify:Unsubscribe:SigningKey"] = "too-short",
        };
        await using WebApplication ingest = IngestApplication.Create(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ingest.StartAsync());

        Assert.Equal("Notify:Unsubscribe:SigningKey must have at least 16 characters.", error.Message);
    }
}
