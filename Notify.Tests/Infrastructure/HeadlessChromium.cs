using Microsoft.Playwright;

namespace Notify.Tests.Infrastructure;

/// <summary>Debian's Chromium (<c>/usr/bin/chromium</c>, a prerequisite), headless, driven by Playwright: what every browser test runs.</summary>
public static class HeadlessChromium
{
    /// <summary>Launches it; <c>--no-sandbox</c> because the tests may run as root, which Chromium's sandbox refuses.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
}
