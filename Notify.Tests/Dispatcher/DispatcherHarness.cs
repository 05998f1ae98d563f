using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Core.Users;
using Notify.Dispatcher;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Notify.Tests.Infrastructure;
using Notify.Tests.Sandbox;

namespace Notify.Tests.Dispatcher;

/// <summary>
/// A dispatcher hosted in this process against real servers: a nats-server of its own (the dispatcher consumes the
/// work streams, which other test classes read back), the shared Redis, SMTP and PostgreSQL (a database of its own),
/// and an in-process provider sandbox. Retries, circuit breakers and max deliveries are shortened so behaviours show
/// in seconds. One per test class; derive to change settings.
/// </summary>
public class DispatcherHarness : IAsyncLifetime
{
    private readonly List<WebApplication> _dispatchers = [];
    private ServerProcess? _nats;
    private NatsConnection? _connection;

    /// <summary>Tenant of the notifications the tests send.</summary>
    public const string Tenant = "acme";

    /// <summary>The sandbox.</summary>
    public SandboxFixture Sandbox { get; } = new();

    /// <summary>The shared servers.</summary>
    public SharedServers Infrastructure { get; private set; } = null!;

    /// <summary>This class's database.</summary>
    public PostgresDatabase Database { get; private set; } = null!;

    /// <summary>JetStream on the harness's own nats-server.</summary>
    public NatsJSContext JetStream { get; private set; } = null!;

    /// <summary>The first dispatcher's services.</summary>
    public IServiceProvider Services => _dispatchers[0].Services;

    /// <summary>Every replica's services.</summary>
    public IEnumerable<IServiceProvider> ReplicaServices => _dispatchers.Select(d => d.Services);

    /// <summary>The harness's own nats-server; running once the harness is initialized.</summary>
    public ServerProcess Nats => _nats ?? throw new InvalidOperationException("the harness has not been initialized");

    /// <summary>More arguments for the harness's nats-server (TLS, credentials); none by default.</summary>
    protected virtual IReadOnlyList<string> NatsServerArguments => [];

    /// <summary>The options of the harness's own client connection, given those with the server's URL.</summary>
    protected virtual NatsOpts ClientOptions(NatsOpts opts) => opts;

    /// <summary>Settings over the harness's defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Dispatcher replicas to start.</summary>
    protected virtual int Replicas => 1;

    /// <summary>Services registered before the dispatcher's own (which keep what is here, e.g. a manual clock).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Infrastructure = await SharedInfrastructure.GetAsync();
        Database = await Infrastructure.CreateUniqueDatabaseAsync("dispatch");
        _nats = await ServerProcess.StartNatsAsync(NatsServerArguments);
        await Sandbox.InitializeAsync();
        _connection = new NatsConnection(ClientOptions(NatsOpts.Default with { Url = _nats.ConnectionString, Name = "dispatcher-tests" }));
        JetStream = new NatsJSContext(_connection);
        for (var i = 0; i < Replicas; i++)
            _dispatchers.Add(await StartDispatcherAsync(i));
        await NotifyDatabase.MigrateAsync(Services.GetRequiredService<Npgsql.NpgsqlDataSource>());
        await Eventually.UntilAsync(TopologyReadyAsync, TimeSpan.FromSeconds(30), "the dispatcher created its streams");
    }

    private async Task<WebApplication> StartDispatcherAsync(int replica)
    {
        var sandbox = Sandbox.Address.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = _nats!.ConnectionString,
            ["ConnectionStrings:redis"] = Infrastructure.Redis,
            ["ConnectionStrings:notifydb"] = Database.ConnectionString,
            ["ConnectionStrings:smtp"] = Infrastructure.Smtp,
            ["Notify:Providers:Fcm:BaseUrl"] = sandbox,
            ["Notify:Providers:Twilio:BaseUrl"] = sandbox,
            ["Notify:Retry:Priorities:Critical:Base"] = "00:00:00.2",
            ["Notify:Retry:Priorities:Critical:Cap"] = "00:00:01",
            ["Notify:Retry:Priorities:High:Base"] = "00:00:00.2",
            ["Notify:Retry:Priorities:High:Cap"] = "00:00:01",
            ["Notify:Retry:Priorities:Normal:Base"] = "00:00:00.2",
            ["Notify:Retry:Priorities:Normal:Cap"] = "00:00:01",
            ["Notify:Retry:Priorities:Low:Base"] = "00:00:00.2",
            ["Notify:Retry:Priorities:Low:Cap"] = "00:00:01",
            ["Notify:Streams:AckWait"] = "00:00:10",
            ["Notify:Streams:Low:MaxDeliver"] = "3",
            ["Notify:Streams:Normal:MaxDeliver"] = "6",
            ["Notify:CircuitBreaker:MinimumThroughput"] = "4",
            ["Notify:CircuitBreaker:SamplingDuration"] = "00:00:30",
            ["Notify:CircuitBreaker:BreakDuration"] = "00:00:30",
            ["Notify:Dispatcher:PullExpires"] = "00:00:02",
            ["Notify:Users:Ttl"] = "00:00:01",
            ["Notify:Deferral:BatchWindow"] = "00:00:00",
            // Tests that move a manual clock by days would otherwise fire a retention round in the middle of the test.
            ["Notify:Retention:Enabled"] = "false",
        };
        foreach (var (key, value) in Settings)
            settings[key] = value;
        var app = DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Environment.ApplicationName = $"dispatcher-{replica}";
            ConfigureServices(builder.Services);
        });
        await app.StartAsync();
        return app;
    }

    private async Task<bool> TopologyReadyAsync()
    {
        try
        {
            foreach (var priority in Priorities.All)
                await JetStream.GetConsumerAsync(Subjects.Stream(priority), Subjects.DispatchConsumer);
            await JetStream.GetConsumerAsync(Subjects.StatusStream, Subjects.StatusConsumer);
            return true;
        }
        catch (NatsException)
        {
            return false;
        }
    }

    /// <summary>A notification for <paramref name="userId"/> of <paramref name="type"/>.</summary>
    public static NotificationEnvelope Notification(string userId, string type = "order.out_for_delivery", Priority? priority = null,
        IReadOnlyList<Channel>? channels = null, string? data = null) =>
        new(NotificationIds.New(), Tenant, userId, type, priority ?? new NotificationTypeCatalog().Find(type)!.Priority, channels,
            data is null ? null : JsonDocument.Parse(data).RootElement, DateTimeOffset.UtcNow) { OrderId = "o-42" };

    /// <summary>Publishes as Ingest does: to its priority subject, the id as Nats-Msg-Id.</summary>
    public async Task PublishAsync(NotificationEnvelope notification, string? msgId = null)
    {
        var ack = await JetStream.PublishAsync(Subjects.Notification(notification.Priority, notification.Tenant, notification.Id), notification,
            NotifySerializer<NotificationEnvelope>.Default, new NatsJSPubOpts { MsgId = msgId ?? notification.Id.ToString() });
        ack.EnsureSuccess();
    }

    /// <summary>Stores a user's contacts (and drops cached profiles on every replica).</summary>
    public Task SaveContactsAsync(string userId, UserContacts contacts) =>
        Services.GetRequiredService<UserDirectory>().SaveContactsAsync(Tenant, userId, contacts);

    /// <summary>A user reachable on every channel, the webhook pointing at the sandbox.</summary>
    public async Task<string> NewUserAsync(string? phone = null, string? pushToken = null)
    {
        var userId = TestNames.Unique("user");
        await SaveContactsAsync(userId, new UserContacts($"{userId}@example.com", phone ?? "+447700900123", [pushToken ?? $"token-{userId}"],
            new Uri(Sandbox.Address, $"/webhooks/{userId}").ToString()));
        return userId;
    }

    /// <summary>The stored notification once <paramref name="condition"/> holds.</summary>
    public Task<NotificationDetails> WaitForAsync(Guid id, Func<NotificationDetails, bool> condition, string because, int seconds = 20) =>
        Eventually.ValueAsync(async () =>
        {
            var details = await Services.GetRequiredService<NotificationStore>().GetAsync(Tenant, id);
            return details is not null && condition(details) ? details : null;
        }, TimeSpan.FromSeconds(seconds), because);

    /// <summary>Starts one more dispatcher replica (e.g. after <see cref="StopReplicaAsync"/>).</summary>
    public async Task StartReplicaAsync() => _dispatchers.Add(await StartDispatcherAsync(_dispatchers.Count));

    /// <summary>Stops one dispatcher replica at once, as a crash would; the ones after it move down one number.</summary>
    public async Task StopReplicaAsync(int replica)
    {
        var app = _dispatchers[replica];
        _dispatchers.RemoveAt(replica);
        await app.StopAsync(new CancellationToken(canceled: true));
        await app.DisposeAsync();
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var app in _dispatchers)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (_connection is not null) await _connection.DisposeAsync();
        await Sandbox.DisposeAsync();
        if (_nats is not null) await _nats.DisposeAsync();
    }
}
