using Microsoft.Playwright;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

/// <summary>
/// The README's picture of a notification's trace in the dashboard, taken when asked: set
/// <c>NOTIFY_DASHBOARD_SCREENSHOT</c> to the file to write (<c>docs/images/dashboard-trace.png</c>) and run the AppHost
/// process tests. Headless Chromium (Debian's <c>/usr/bin/chromium</c>) driven by Playwright.
/// </summary>
internal static class DashboardScreenshot
{
    private const string Variable = "NOTIFY_DASHBOARD_SCREENSHOT";

    public static async Task TakeIfAskedAsync(Uri dashboard, string loginUrl, string traceId)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
            return;

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        await page.GotoAsync(loginUrl); // the token sets the dashboard's cookie
        await page.GotoAsync(new Uri(dashboard, $"/traces/detail/{traceId}").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await page.GetByText("sandbox").First.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
    }
}
