using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Notify.ServiceDefaults;

namespace Notify.Tests.ServiceDefaults;

/// <summary>Factory-made clients resolve other resources by name from <c>services:{name}:{endpoint}:{index}</c>, as Aspire's references set it.</summary>
public sealed class ServiceDiscoveryTests
{
    [Theory]
    [InlineData("http://sandbox")]
    [InlineData("https+http://sandbox")]
    public async Task A_service_name_resolves_to_the_configured_endpoint(string baseUrl)
    {
        await using TestService sandbox = await StartAnsweringAsync("the sandbox");
        await using WebApplication app = Build(new() { ["services:sandbox:http:0"] = sandbox.Http.BaseAddress!.ToString() });
        HttpClient client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("provider");

        string answer = await client.GetStringAsync($"{baseUrl}/who");

        Assert.Equal("the sandbox", answer);
    }

    [Fact]
    public async Task An_absolute_url_is_used_as_it_is()
    {
        await using TestService sandbox = await StartAnsweringAsync("the sandbox");
        await using TestService elsewhere = await StartAnsweringAsync("elsewhere");
        await using WebApplication app = Build(new() { ["services:sandbox:http:0"] = sandbox.Http.BaseAddress!.ToString() });
        HttpClient client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("provider");

        string answer = await client.GetStringAsync(new Uri(elsewhere.Http.BaseAddress!, "/who"));

        Assert.Equal("elsewhere", answer);
    }

    private static WebApplication Build(Dictionary<string, string?> settings) => TestService.CreateBuilder(settings).AddServiceDefaults().Build();

    private static Task<TestService> StartAnsweringAsync(string name) => TestService.StartAsync(map: app => app.MapGet("/who", () => name));
}
