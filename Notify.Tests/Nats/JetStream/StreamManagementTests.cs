using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Models;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats.JetStream;

public sealed class StreamManagementTests
{
    [Fact]
    public async Task Created_stream_reports_its_configuration_and_an_empty_state()
    {
        await using TestStream test = await TestStream.CreateAsync("orders", c => c with
        {
            Description = "orders of the day",
            MaxMsgs = 1000,
            MaxAge = TimeSpan.FromHours(1),
            DuplicateWindow = TimeSpan.FromMinutes(1),
            Retention = StreamConfigRetention.Workqueue,
        });

        StreamInfo info = (await test.Js.GetStreamAsync(test.Name)).Info;

        Assert.Equal(test.Name, info.Config.Name);
        Assert.Equal([$"{test.Name}.>"], info.Config.Subjects);
        Assert.Equal("orders of the day", info.Config.Description);
        Assert.Equal(1000, info.Config.MaxMsgs);
        Assert.Equal(TimeSpan.FromHours(1), info.Config.MaxAge);
        Assert.Equal(TimeSpan.FromMinutes(1), info.Config.DuplicateWindow);
        Assert.Equal(StreamConfigRetention.Workqueue, info.Config.Retention);
        Assert.Equal(StreamConfigStorage.Memory, info.Config.Storage);
        Assert.Equal(0UL, info.State.Messages);
        Assert.True(info.Created > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Creating_a_stream_again_with_the_same_config_succeeds()
    {
        await using TestStream test = await TestStream.CreateAsync("idem");
        await test.PublishAsync(2);

        NatsJSStream again = await test.Js.CreateStreamAsync(test.Stream.Info.Config);

        Assert.Equal(2UL, again.Info.State.Messages);
    }

    [Fact]
    public async Task Creating_a_stream_again_with_another_config_is_refused_with_10058()
    {
        await using TestStream test = await TestStream.CreateAsync("clash");

        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () =>
            await test.Js.CreateStreamAsync(test.Stream.Info.Config with { MaxMsgs = 5 }));

        Assert.Equal(400, error.Error.Code);
        Assert.Equal(10058, error.Error.ErrCode);
        Assert.Equal(-1, (await test.Js.GetStreamAsync(test.Name)).Info.Config.MaxMsgs);
    }

    [Fact]
    public async Task CreateOrUpdate_changes_an_existing_stream_and_keeps_its_messages()
    {
        await using TestStream test = await TestStream.CreateAsync("upd");
        await test.PublishAsync(3);
        StreamConfig changed = test.Stream.Info.Config with
        {
            Subjects = [$"{test.Name}.>", $"{test.Name}_extra.*"],
            MaxMsgs = 100,
        };

        NatsJSStream updated = await test.Js.CreateOrUpdateStreamAsync(changed);

        Assert.Equal(100, updated.Info.Config.MaxMsgs);
        Assert.Equal(changed.Subjects, updated.Info.Config.Subjects);
        Assert.Equal(3UL, updated.Info.State.Messages);
        PubAckResponse ack = await test.Js.PublishAsync($"{test.Name}_extra.x", "x".Utf8());
        Assert.Equal(4UL, ack.EnsureSuccess().Seq);
    }

    [Fact]
    public async Task CreateOrUpdate_creates_a_missing_stream()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        var js = new NatsJSContext(connection);
        string name = TestNames.Unique("fresh");
        try
        {
            NatsJSStream stream = await js.CreateOrUpdateStreamAsync(new StreamConfig(name, [$"{name}.>"]) { Storage = StreamConfigStorage.Memory });

            Assert.Equal(name, stream.Info.Config.Name);
        }
        finally
        {
            await js.DeleteStreamAsync(name);
        }
    }

    [Fact]
    public async Task Info_of_a_missing_stream_is_404_with_10059()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        var js = new NatsJSContext(connection);

        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () => await js.GetStreamAsync(TestNames.Unique("missing")));

        Assert.Equal(404, error.Error.Code);
        Assert.Equal(10059, error.Error.ErrCode);
    }

    [Fact]
    public async Task Update_of_a_missing_stream_is_refused_with_10059()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        var js = new NatsJSContext(connection);
        string name = TestNames.Unique("missing");

        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () =>
            await js.UpdateStreamAsync(new StreamConfig(name, [$"{name}.>"]) { Storage = StreamConfigStorage.Memory }));

        Assert.Equal(10059, error.Error.ErrCode);
    }

    [Fact]
    public async Task Deleted_stream_is_gone_and_no_longer_captures_its_subjects()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        var js = new NatsJSContext(connection, NatsJSOpts.Default with { PublishNoResponderRetries = 0 });
        string name = TestNames.Unique("gone");
        await js.CreateStreamAsync(new StreamConfig(name, [$"{name}.>"]) { Storage = StreamConfigStorage.Memory });

        bool deleted = await js.DeleteStreamAsync(name);

        Assert.True(deleted);
        var missing = await Assert.ThrowsAsync<NatsJSApiException>(async () => await js.GetStreamAsync(name));
        Assert.Equal(10059, missing.Error.ErrCode);
        var publish = await Assert.ThrowsAsync<NatsJSException>(async () => await js.PublishAsync($"{name}.x", "x".Utf8()));
        Assert.IsType<NatsNoRespondersException>(publish.InnerException);
    }

    [Fact]
    public async Task Refreshed_stream_info_shows_new_messages()
    {
        await using TestStream test = await TestStream.CreateAsync("refresh");
        await test.PublishAsync(4);

        await test.Stream.RefreshAsync();

        Assert.Equal(4UL, test.Stream.Info.State.Messages);
        Assert.Equal(1UL, test.Stream.Info.State.FirstSeq);
        Assert.Equal(4UL, test.Stream.Info.State.LastSeq);
    }
}
