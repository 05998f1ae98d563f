using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Notify.Sandbox;

namespace Notify.Tests.Sandbox;

public sealed class SandboxHostingTests
{
    [Fact]
    public async Task Hosted_with_port_zero_it_listens_on_a_free_port_and_answers_health_and_alive()
    {
        await using SandboxFixture sandbox = await SandboxFixture.StartAsync(_ => { });

        using HttpResponseMessage health = await sandbox.Http.GetAsync("/health");
        using HttpResponseMessage alive = await sandbox.Http.GetAsync("/alive");

        Assert.Equal("127.0.0.1", sandbox.Address.Host);
        Assert.NotEqual(5090, sandbox.Address.Port);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Without_a_url_setting_it_listens_on_127_0_0_1_port_5090()
    {
        await using WebApplication app = SandboxApplication.Create([]);

        // ASPNETCORE_URLS, when the environment sets it, takes the default's place.
        Assert.Equal(Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://127.0.0.1:5090", app.Configuration["urls"]);
    }

    [Fact]
    public async Task A_urls_argument_overrides_the_default_address()
    {
        await using WebApplication app = SandboxApplication.Create(["--urls", "http://127.0.0.1:5999"]);

        Assert.Equal("http://127.0.0.1:5999", app.Configuration["urls"]);
    }

    [Fact]
    public async Task Settings_it_cannot_work_with_stop_it_at_start()
    {
        await using WebApplication app = SandboxApplication.Create(
            ["--urls", "http://127.0.0.1:0", "--Sandbox:Capacity=0", "--Sandbox:WebhookSecrets:partner=whsec_not base64!"]);

        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Sandbox:Capacity must be at least 1.", failure.Failures);
        Assert.Contains("Sandbox:WebhookSecrets:partner must be whsec_ followed by base64.", failure.Failures);
    }
}
