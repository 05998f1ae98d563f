using System.Net;
using System.Text.Json;
using Notify.ServiceDefaults.Integrations;
using Notify.Tests.Infrastructure;
using Notify.Tests.Ingest;
using StackExchange.Redis;

namespace Notify.Tests.Redis;

/// <summary>
/// Ingest against a Redis that speaks TLS only, its certificate signed by a private CA: <c>ssl=true</c> in the
/// connection string and the CA in <see cref="RedisClientDefaults.CaFileKey"/>, as a managed Redis is configured.
/// </summary>
public sealed class TlsTests(TlsTests.TlsRedis fixture) : IClassFixture<TlsTests.TlsRedis>
{
    [Fact]
    public async Task Ingest_records_Idempotency_Keys_over_TLS_trusting_the_configured_CA()
    {
        await using IngestTestHost ingest = await IngestTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = fixture.Server.ConnectionString,
            [RedisClientDefaults.CaFileKey] = fixture.Certificates.CaFile,
        });
        string key = TestNames.Unique("tls");

        Guid id = (await (await ingest.Client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "order.placed" }, key))
            .ReadJsonAsync(HttpStatusCode.Accepted)).Id();

        Assert.Equal("Healthy", await RedisHealthAsync(ingest));
        await using ConnectionMultiplexer reader = await ConnectTrustingAsync(fixture);
        Assert.Equal(id.ToString(), (string?)await reader.GetDatabase().StringGetAsync(Notify.Ingest.Notifications.IdempotencyRecords.RedisKey(ingest.Tenant, key)));
    }

    [Fact]
    public async Task Without_the_CA_Ingest_still_accepts_and_reports_Redis_unhealthy()
    {
        // An empty setting, as a variable set to nothing gives it, is no CA file rather than a file named "".
        await using IngestTestHost ingest = await IngestTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = fixture.Server.ConnectionString,
            [RedisClientDefaults.CaFileKey] = "",
        });

        await (await ingest.Client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "order.placed" }, TestNames.Unique("tls")))
            .ReadJsonAsync(HttpStatusCode.Accepted);

        Assert.Equal("Unhealthy", await RedisHealthAsync(ingest));
    }

    private static async Task<ConnectionMultiplexer> ConnectTrustingAsync(TlsRedis fixture)
    {
        var options = ConfigurationOptions.Parse(fixture.Server.ConnectionString);
        options.TrustIssuer(fixture.Certificates.CaFile);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static async Task<string?> RedisHealthAsync(IngestTestHost ingest)
    {
        using HttpResponseMessage response = await ingest.Client.GetAsync("/health");
        using JsonDocument report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return report.RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == RedisClientHost.HealthCheckName).GetProperty("status").GetString();
    }

    /// <summary>A CA, a server certificate it signed for 127.0.0.1, and a redis-server that speaks TLS only with it.</summary>
    public sealed class TlsRedis : IAsyncLifetime
    {
        private TestCertificates? _certificates;
        private TlsRedisServer? _server;

        public TestCertificates Certificates => _certificates ?? throw new InvalidOperationException("the fixture has not been initialized");

        public TlsRedisServer Server => _server ?? throw new InvalidOperationException("the fixture has not been initialized");

        public async Task InitializeAsync()
        {
            _certificates = await TestCertificates.CreateAsync();
            _server = await TlsRedisServer.StartAsync(_certificates);
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _certificates?.Dispose();
        }
    }
}
