using System.Net;
using System.Text;
using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Ingest.Auth;
using NATS.Client.KeyValueStore;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Ingest;

/// <summary>API keys: who may call what, read from the key bucket, answered with problem details.</summary>
public sealed class ApiKeyAuthenticationTests : IAsyncLifetime
{
    private IngestTestHost _host = null!;

    public async Task InitializeAsync() => _host = await IngestTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Request_without_a_key_is_a_401_problem_with_a_bearer_challenge()
    {
        var response = await _host.CreateClient(null).PostJsonAsync("/v1/notifications", new { userId = "u", type = "order.placed" });

        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("urn:notify:problem:unauthorized", problem.GetProperty("type").GetString());
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Unknown_key_is_a_401_problem()
    {
        var response = await _host.CreateClient("no-such-key-anywhere").GetAsync($"/v1/notifications/{Guid.CreateVersion7()}");

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Key_is_accepted_in_X_Api_Key_as_well_as_as_a_bearer_token()
    {
        var client = _host.CreateClient(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", _host.SendKey);

        var response = await client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "order.placed" });

        await response.ReadJsonAsync(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("read", "POST", "/v1/notifications", "send")]
    [InlineData("read", "POST", "/v1/events/orders", "send")]
    [InlineData("send", "GET", "/v1/notifications/0195f0c4-0000-7000-8000-000000000000", "read")]
    [InlineData("send", "GET", "/v1/users/u1/inbox", "read")]
    [InlineData("send", "GET", "/v1/dead-letters", "admin")]
    [InlineData("read", "POST", "/v1/dead-letters/0195f0c4-0000-7000-8000-000000000000/replay", "admin")]
    public async Task Key_without_the_scope_an_endpoint_needs_is_a_403_problem_naming_it(string keyScope, string method, string path, string needed)
    {
        var client = _host.CreateClient(keyScope == "read" ? _host.ReadKey : _host.SendKey);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");

        var problem = await (await client.SendAsync(request)).ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("urn:notify:problem:forbidden", problem.GetProperty("type").GetString());
        Assert.Contains($"'{needed}'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Key_added_to_or_deleted_from_the_bucket_takes_effect_without_a_restart()
    {
        var key = $"runtime-key-{TestNames.Unique("k")}";
        var bucket = await new NatsKVContext(_host.JetStream).GetStoreAsync(Subjects.ApiKeyBucket);
        var client = _host.CreateClient(key);
        await (await client.GetAsync("/v1/dead-letters")).ReadProblemAsync(HttpStatusCode.Unauthorized);

        await bucket.PutAsync(ApiKeyHash.Of(key).ToString(),
            JsonSerializer.SerializeToUtf8Bytes(new { tenant = _host.Tenant, name = "added at run time", scopes = new[] { "admin" } }));
        await Eventually.UntilAsync(async () => (await client.GetAsync("/v1/dead-letters")).StatusCode == HttpStatusCode.OK,
            IngestTestHost.Deadline, "the watch delivers the new key");

        await bucket.DeleteAsync(ApiKeyHash.Of(key).ToString());
        await Eventually.UntilAsync(async () => (await client.GetAsync("/v1/dead-letters")).StatusCode == HttpStatusCode.Unauthorized,
            IngestTestHost.Deadline, "the watch delivers the deletion");
    }

    [Fact]
    public async Task Keys_are_stored_only_as_their_SHA_256()
    {
        var bucket = await new NatsKVContext(_host.JetStream).GetStoreAsync(Subjects.ApiKeyBucket);

        var entry = await bucket.GetEntryAsync<byte[]>(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(_host.SendKey))));

        var record = JsonDocument.Parse(entry.Value).RootElement;
        Assert.Equal(_host.Tenant, record.GetProperty("tenant").GetString());
        Assert.Equal(["send"], record.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(_host.SendKey, Encoding.UTF8.GetString(entry.Value!));
    }
}
