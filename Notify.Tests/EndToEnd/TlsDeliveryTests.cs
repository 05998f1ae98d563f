using System.Net;
using NATS.Client.Core;
using Notify.Tests.Dispatcher;
using Notify.Tests.Infrastructure;
using Notify.Tests.Ingest;

namespace Notify.Tests.EndToEnd;

/// <summary>Ingest and a dispatcher on a nats-server that requires TLS, trusting its CA through configuration.</summary>
public sealed class TlsDeliveryTests(TlsDeliveryTests.TlsHarness harness) : IClassFixture<TlsDeliveryTests.TlsHarness>
{
    [Fact]
    public async Task A_notification_is_accepted_delivered_and_recorded_sent_over_tls()
    {
        await using var ingest = await IngestTestHost.StartAsync(harness.Database.ConnectionString, harness.ClientSettings);
        var user = TestNames.Unique("user");
        var saved = await ingest.Client.PutAsync($"/v1/users/{user}/contacts", System.Net.Http.Json.JsonContent.Create(new { phone = "+447700900123" }));
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);

        var id = (await (await ingest.Client.PostJsonAsync("/v1/notifications", new { userId = user, type = "order.out_for_delivery", channels = new[] { "sms" } }))
            .ReadJsonAsync(HttpStatusCode.Accepted)).Id();

        // Between the dispatcher taking it off the stream and its first status reaching PostgreSQL, a lookup finds nothing.
        await Eventually.UntilAsync(async () =>
        {
            using var read = await ingest.Client.GetAsync($"/v1/notifications/{id}");
            return read.StatusCode == HttpStatusCode.OK
                && (await read.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString() == "sent";
        }, TimeSpan.FromSeconds(30), "the notification is sent");
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
    }

    /// <summary>The dispatcher harness on a nats-server that requires TLS, with a CA made for the class.</summary>
    public sealed class TlsHarness : DispatcherHarness, IAsyncLifetime
    {
        private TestCertificates? _certificates;

        private TestCertificates Certificates => _certificates ?? throw new InvalidOperationException("the harness has not been initialized");

        /// <summary>The server's URL in the form that asks for TLS.</summary>
        public string Url => $"tls://127.0.0.1:{Nats.Port}";

        /// <summary>What a service needs to connect: the URL and the CA file.</summary>
        public IReadOnlyDictionary<string, string?> ClientSettings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = Url,
            ["Aspire:NATS:Net:Tls:CaFile"] = Certificates.CaFile,
        };

        protected override IReadOnlyList<string> NatsServerArguments =>
            ["--tls", "--tlscert", Certificates.ServerCertFile, "--tlskey", Certificates.ServerKeyFile];

        protected override NatsOpts ClientOptions(NatsOpts opts) => opts with { Url = Url, TlsOpts = new NatsTlsOpts { CaFile = Certificates.CaFile } };

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => ClientSettings;

        async Task IAsyncLifetime.InitializeAsync()
        {
            _certificates = await TestCertificates.CreateAsync();
            await InitializeAsync();
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            _certificates?.Dispose();
        }
    }
}
