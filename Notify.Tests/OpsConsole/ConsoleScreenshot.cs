using Microsoft.Playwright;

namespace Notify.Tests.OpsConsole;

/// <summary>
/// The README's picture of the ops console, taken when asked: set <c>NOTIFY_CONSOLE_SCREENSHOT</c> to the file to
/// write (<c>docs/images/ops-console.png</c>) and run the console's browser test.
/// </summary>
internal static class ConsoleScreenshot
{
    private const string Variable = "NOTIFY_CONSOLE_SCREENSHOT";

    public static async Task TakeIfAskedAsync(IPage page)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
            return;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}
