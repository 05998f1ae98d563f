using System.Collections.Concurrent;
using Microsoft.Playwright;
using Notify.Tests.Ingest;
using static Microsoft.Playwright.Assertions;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ApiReference;

/// <summary>
/// The API reference page at <c>/docs</c> in a real headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by
/// Playwright's bundled driver): it renders the API from the OpenAPI document with nothing fetched from another host.
/// </summary>
public sealed class ApiReferenceBrowserTests : IAsyncLifetime
{
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(30);
    private IngestTestHost _host = null!;

    public async Task InitializeAsync() => _host = await IngestTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_reference_lists_the_send_endpoint_and_loads_nothing_from_elsewhere()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout((float)PageTimeout.TotalMilliseconds);
        SetDefaultExpectTimeout((float)PageTimeout.TotalMilliseconds);
        var elsewhere = new ConcurrentQueue<string>();
        await page.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == _host.BaseAddress.Authority)
            {
                await route.ContinueAsync();
                return;
            }
            elsewhere.Enqueue(route.Request.Url);
            await route.AbortAsync();
        });

        var response = await page.GotoAsync(new Uri(_host.BaseAddress, "/docs").ToString());

        Assert.True(response?.Ok, $"/docs answered {response?.Status}");
        // The tag's list of operations, rendered from the document: method and path of each.
        var send = page.Locator("a.endpoint[href='#tag/notifications/POST/v1/notifications']");
        await Expect(send.Locator(".endpoint-method")).ToHaveTextAsync("post", new() { IgnoreCase = true });
        await Expect(send.Locator(".endpoint-path")).ToHaveTextAsync("/v1/notifications");
        // The introduction's table of problem types.
        await Expect(page.GetByText("urn:notify:problem:validation").First).ToBeAttachedAsync();
        Assert.Empty(elsewhere);
    }
}
