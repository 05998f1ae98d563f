using System.Net;

namespace Notify.Tests.Ingest;

/// <summary>The per API client rate limit: a token bucket per key.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private IngestTestHost _host = null!;

    public async Task InitializeAsync() => _host = await IngestTestHost.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Notify:RateLimit:PermitsPerSecond"] = "1",
        ["Notify:RateLimit:Burst"] = "3",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Client_over_its_rate_is_refused_with_429_and_Retry_After_while_other_clients_go_on()
    {
        var limited = _host.CreateClient(_host.ReadKey);
        var path = $"/v1/notifications/{Guid.CreateVersion7()}";
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6 && refused is null; i++)
        {
            var response = await limited.GetAsync(path);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                refused = response;
        }

        Assert.NotNull(refused);
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.NotFound, s));
        var problem = await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:notify:problem:rate-limited", problem.GetProperty("type").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        await (await _host.Client.GetAsync(path)).ReadProblemAsync(HttpStatusCode.NotFound);
    }
}
