using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Notify.ServiceDefaults;
using Notify.ServiceDefaults.Integrations;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Alive_answers_200_with_only_the_live_checks()
    {
        await using TestService service = await StartWithClientsAsync(ClosedNats(), await PostgresAsync());

        HttpResponseMessage response = await service.Http.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        HealthBody body = await HealthBody.ReadAsync(response);
        Assert.Equal("Healthy", body.Status);
        Assert.Equal(new[] { "self" }, body.Checks.Keys);
    }

    [Fact]
    public async Task Health_lists_NATS_and_PostgreSql_healthy_against_the_real_servers()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        await using TestService service = await StartWithClientsAsync(servers.Nats, servers.NotifyDb);

        // The NATS client connects in the background after start: wait for it instead of racing it.
        HttpResponseMessage response = await Eventually.ValueAsync(async () =>
        {
            HttpResponseMessage attempt = await service.Http.GetAsync("/health");
            return attempt.StatusCode == HttpStatusCode.OK ? attempt : null;
        }, TimeSpan.FromSeconds(15), "/health turns 200");

        HealthBody body = await HealthBody.ReadAsync(response);
        Assert.Equal("Healthy", body.Status);
        Assert.Equal("Healthy", body.Checks["NATS"].Status);
        Assert.Equal("Healthy", body.Checks["PostgreSql"].Status);
        Assert.Equal("Healthy", body.Checks["self"].Status);
        Assert.All(body.Checks.Values, check => Assert.Matches(@"^\d{2}:\d{2}:\d{2}(\.\d+)?$", check.Duration));
    }

    [Fact]
    public async Task Health_is_503_and_names_NATS_when_its_port_is_closed()
    {
        await using TestService service = await StartWithClientsAsync(ClosedNats(), await PostgresAsync());

        HttpResponseMessage response = await service.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        HealthBody body = await HealthBody.ReadAsync(response);
        Assert.Equal("Unhealthy", body.Status);
        Assert.Equal("Unhealthy", body.Checks["NATS"].Status);
        Assert.Contains("The connection is", body.Checks["NATS"].Description, StringComparison.Ordinal);
        Assert.Equal("Healthy", body.Checks["PostgreSql"].Status);
    }

    [Fact]
    public async Task Health_is_503_and_names_PostgreSql_when_its_port_is_closed()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        string closed = $"Host=127.0.0.1;Port={FreePort.Next()};Username=notify;Password=unused;Database=notifydb;Timeout=5";
        await using TestService service = await StartWithClientsAsync(servers.Nats, closed);

        HttpResponseMessage response = await service.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        HealthBody body = await HealthBody.ReadAsync(response);
        Assert.Equal("Unhealthy", body.Checks["PostgreSql"].Status);
        Assert.False(string.IsNullOrEmpty(body.Checks["PostgreSql"].Description));
    }

    private static string ClosedNats() => $"nats://127.0.0.1:{FreePort.Next()}";

    private static async Task<string> PostgresAsync() => (await SharedInfrastructure.GetAsync()).NotifyDb;

    private static Task<TestService> StartWithClientsAsync(string nats, string postgres)
    {
        WebApplicationBuilder builder = TestService.CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = nats,
            ["ConnectionStrings:notifydb"] = postgres,
        });
        builder.AddServiceDefaults();
        builder.AddNatsClient("nats");
        builder.AddNpgsqlDataSource("notifydb");
        return TestService.StartAsync(builder);
    }

    private sealed record Check(string Status, string Duration, string? Description);

    private sealed record HealthBody(string Status, IReadOnlyDictionary<string, Check> Checks)
    {
        public static async Task<HealthBody> ReadAsync(HttpResponseMessage response)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Dictionary<string, Check> checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(
                c => c.GetProperty("name").GetString()!,
                c => new Check(c.GetProperty("status").GetString()!, c.GetProperty("duration").GetString()!, c.GetProperty("description").GetString()));
            return new HealthBody(json.RootElement.GetProperty("status").GetString()!, checks);
        }
    }
}
