using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Notify.ServiceDefaults;
using Polly.Timeout;

namespace Notify.Tests.ServiceDefaults;

public sealed class HttpClientDefaultsTests
{
    [Fact]
    public async Task A_factory_client_gives_up_after_the_standard_timeout()
    {
        // A server that accepts the connection and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        Task<Socket> accept = silent.AcceptSocketAsync();
        WebApplicationBuilder builder = TestService.CreateBuilder(new Dictionary<string, string?> { ["HttpClientDefaults:Timeout"] = "00:00:00.300" });
        await using WebApplication app = builder.AddServiceDefaults().Build();
        HttpClient client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("provider");

        var elapsed = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.GetAsync($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"));

        Assert.InRange(elapsed.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        (await accept).Dispose();
    }

    [Fact]
    public async Task A_non_positive_timeout_is_refused_at_start()
    {
        WebApplicationBuilder builder = TestService.CreateBuilder(new Dictionary<string, string?> { ["HttpClientDefaults:Timeout"] = "00:00:00" });
        await using WebApplication app = builder.AddServiceDefaults().Build();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("HttpClientDefaults:Timeout", error.Message, StringComparison.Ordinal);
    }
}
