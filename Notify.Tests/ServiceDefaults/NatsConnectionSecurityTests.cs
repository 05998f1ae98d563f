using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NATS.Client.Core;
using Notify.ServiceDefaults;
using Notify.ServiceDefaults.Integrations;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

/// <summary>
/// A service's NATS client against servers that demand TLS, a user and password, or a token: it connects with the
/// right settings, and with wrong ones it starts anyway, reports NATS unhealthy and says why in one log line.
/// </summary>
public sealed class NatsConnectionSecurityTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private const string Password = "p@ss:w/rd";

    private TestCertificates _certificates = null!;
    private ServerProcess _tls = null!;
    private ServerProcess _password = null!;
    private ServerProcess _token = null!;

    public async Task InitializeAsync()
    {
        _certificates = await TestCertificates.CreateAsync();
        var started = await Task.WhenAll(
            ServerProcess.StartNatsAsync(["--tls", "--tlscert", _certificates.ServerCertFile, "--tlskey", _certificates.ServerKeyFile]),
            ServerProcess.StartNatsAsync(["--user", "notify", "--pass", Password]),
            ServerProcess.StartNatsAsync(["--auth", "s3cret-token"]));
        (_tls, _password, _token) = (started[0], started[1], started[2]);
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_tls.DisposeAsync().AsTask(), _password.DisposeAsync().AsTask(), _token.DisposeAsync().AsTask());
        _certificates.Dispose();
    }

    [Fact]
    public async Task A_tls_url_with_the_CA_from_configuration_connects()
    {
        await using var service = await StartAsync(new()
        {
            ["ConnectionStrings:nats"] = $"tls://127.0.0.1:{_tls.Port}",
            ["Aspire:NATS:Net:Tls:CaFile"] = _certificates.CaFile,
        });

        await WaitUntilHealthyAsync(service);
        Assert.NotNull(service.App.Services.GetRequiredService<NatsConnection>().ServerInfo);
    }

    [Fact]
    public async Task Without_the_CA_the_service_runs_reports_NATS_unhealthy_and_logs_one_line_saying_why()
    {
        // An empty setting, as a variable set to nothing gives it, is no CA file rather than a file named "".
        await using var service = await StartAsync(new() { ["ConnectionStrings:nats"] = $"tls://127.0.0.1:{_tls.Port}", ["Aspire:NATS:Net:Tls:CaFile"] = "" });

        var line = await OneErrorLineAsync(service);

        Assert.Contains("TLS authentication failed", line, StringComparison.Ordinal);
        Assert.Equal("Unhealthy", await NatsHealthAsync(service));
    }

    [Fact]
    public async Task User_and_password_in_the_connection_string_connect()
    {
        await using var service = await StartAsync(new()
        {
            ["ConnectionStrings:nats"] = $"nats://notify:{Uri.EscapeDataString(Password)}@127.0.0.1:{_password.Port}",
        });

        await WaitUntilHealthyAsync(service);
    }

    [Fact]
    public async Task A_wrong_password_is_one_log_line_naming_the_refusal_without_the_password()
    {
        await using var service = await StartAsync(new() { ["ConnectionStrings:nats"] = $"nats://notify:not-it@127.0.0.1:{_password.Port}" });

        var line = await OneErrorLineAsync(service);

        Assert.Contains("Authorization Violation", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-it", line, StringComparison.Ordinal);
        Assert.Equal("Unhealthy", await NatsHealthAsync(service));
    }

    [Fact]
    public async Task A_token_in_the_connection_string_connects()
    {
        await using var service = await StartAsync(new() { ["ConnectionStrings:nats"] = $"nats://s3cret-token@127.0.0.1:{_token.Port}" });

        await WaitUntilHealthyAsync(service);
    }

    private static async Task<TestService> StartAsync(Dictionary<string, string?> settings)
    {
        WebApplicationBuilder builder = TestService.CreateBuilder(settings);
        builder.Logging.AddFakeLogging();
        builder.AddServiceDefaults();
        builder.AddNatsClient("nats");
        return await TestService.StartAsync(builder);
    }

    private static async Task WaitUntilHealthyAsync(TestService service) =>
        await Eventually.UntilAsync(async () => await NatsHealthAsync(service) == "Healthy", Deadline, "the NATS check is healthy");

    private static async Task<string?> NatsHealthAsync(TestService service)
    {
        using var response = await service.Http.GetAsync("/health");
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return report.RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == NatsClientExtensions.HealthCheckName).GetProperty("status").GetString();
    }

    /// <summary>
    /// Waits for the starter's error line, then a few retries more (the client retries every two seconds or so), and
    /// returns it once it is still the only warning or error the NATS client and its starter logged.
    /// </summary>
    private static async Task<string> OneErrorLineAsync(TestService service)
    {
        var logs = service.App.Services.GetFakeLogCollector();
        await Eventually.UntilAsync(() => Errors(logs).Count > 0, Deadline, "the starter says why it cannot connect");
        await Task.Delay(NatsConnectionStarter.Grace + TimeSpan.FromSeconds(3));
        return Assert.Single(Errors(logs));
    }

    private static List<string> Errors(FakeLogCollector logs) =>
        [.. logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning && r.Category?.Contains("Nats", StringComparison.OrdinalIgnoreCase) == true).Select(r => r.Message)];
}
