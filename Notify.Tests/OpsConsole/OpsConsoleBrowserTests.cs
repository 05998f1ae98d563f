using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Notify.AppHost;
using Notify.Tests.EndToEnd;
using Notify.Tests.Infrastructure;
using Notify.Tests.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace Notify.Tests.OpsConsole;

/// <summary>
/// The ops console in a real headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by Playwright's bundled
/// driver; no browser is downloaded) against a whole stack of its own: the on-call engineer's path from the key
/// prompt to a replayed dead letter, on a 1,280 px wide screen, the numbers pushed without a reload.
/// </summary>
public sealed partial class OpsConsoleBrowserTests(NotifyStackFixture stack) : IClassFixture<NotifyStackFixture>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    private readonly NotifyApi _api = new(stack.Ingest);
    private readonly SandboxControl _sandbox = new(stack.Sandbox);

    [Fact]
    public async Task On_call_engineer_sees_sends_looks_up_a_timeline_and_replays_a_dead_letter()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var requests = new ConcurrentQueue<Uri>();
        page.Request += (_, request) => requests.Enqueue(new Uri(request.Url));
        var loads = 0;
        page.Load += (_, _) => Interlocked.Increment(ref loads);
        page.SetDefaultTimeout((float)Delivery.TotalMilliseconds);
        SetDefaultExpectTimeout((float)Delivery.TotalMilliseconds);
        using (var tuned = await stack.Ingest.PutAsync("/v1/admin/priority-policy",
            new StringContent("""{"starvationGuard":20,"paused":[],"yieldingInFlight":7}""", System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, tuned.StatusCode);
        await page.GotoAsync(stack.IngestUrl.ToString());

        // A wrong key: a clear 401 message, no panels.
        await page.FillAsync("#key", "not-a-key");
        await page.ClickAsync("#use-key");
        await Expect(page.Locator("#error")).ToContainTextAsync("401");
        await Expect(page.Locator("#panels")).ToBeHiddenAsync();

        await page.FillAsync("#key", DevelopmentCredentials.ApiKey);
        await page.ClickAsync("#use-key");
        await Expect(page.Locator("#panels")).ToBeVisibleAsync();
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
        await Expect(page.Locator("#pending tbody tr[data-priority=low]")).ToBeVisibleAsync();
        await Expect(page.Locator("#live")).ToContainTextAsync("live");
        var pushes = page.Locator("#throughput tbody tr[data-channel=push][data-priority=critical] td.sent");
        await Expect(pushes).ToHaveCountAsync(0);

        // A sent notification is counted without a reload, drawn in its minute, and its lookup shows the timeline and
        // the trace id.
        var customer = TestNames.Unique("console_customer");
        await _api.PutContactsAsync(customer, new { pushTokens = new[] { TestNames.Unique("device") } });
        var (_, sent) = await _api.SendAsync(new { userId = customer, type = "order.out_for_delivery", priority = "critical", channels = new[] { "push" }, data = new { orderId = "o-5004" } });
        await Eventually.UntilAsync(async () => await _api.StatusAsync(sent.Id) is { Status: "sent" }, Delivery, "the push was sent");

        await Expect(pushes).ToHaveTextAsync("1");
        var sentLine = page.Locator("#history figure[data-priority=critical][data-channel=push] polyline.sent");
        await Expect(sentLine).ToHaveAttributeAsync("data-sum", "1");
        Assert.Equal(60, (await sentLine.GetAttributeAsync("points"))!.Split(' ').Length); // a point a minute
        Assert.Equal(1, loads);
        Assert.Contains(requests, r => r.AbsolutePath == "/v1/admin/summary/stream");
        Assert.DoesNotContain(requests, r => r.AbsolutePath == "/v1/admin/summary"); // pushed, not polled
        await Expect(page.Locator("#circuits li[data-provider=fcm]")).ToContainTextAsync("closed");
        await page.FillAsync("#lookup-id", sent.Id.ToString());
        await page.ClickAsync("#lookup-go");
        await Expect(page.Locator("#lookup-status")).ToHaveTextAsync("sent");
        await Expect(page.Locator("#timeline tbody tr[data-kind=accepted]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#timeline tbody tr[data-kind=sent]")).ToContainTextAsync("push");
        await Expect(page.Locator("#trace-id")).ToHaveTextAsync(TraceId());

        // A refused SMS becomes a dead letter; Replay puts it back, and the looked-up status turns to sent.
        var refused = TestNames.Unique("console_refused");
        await _api.PutContactsAsync(refused, new { phone = "+4915112345670" });
        var refusal = await _sandbox.AddFaultAsync(new { channel = "sms", userId = refused, statusCode = 400 });
        var (_, doomed) = await _api.SendAsync(new { userId = refused, type = "order.out_for_delivery", channels = new[] { "sms" }, data = new { orderId = "o-5005" } });
        var deadRow = page.Locator($"#dead-letters tbody tr[data-notification='{doomed.Id}']");
        await Expect(deadRow).ToContainTextAsync("permanent_failure");
        await page.FillAsync("#lookup-id", doomed.Id.ToString());
        await page.ClickAsync("#lookup-go");
        await Expect(page.Locator("#lookup-status")).ToHaveTextAsync("dead");

        await _sandbox.RemoveFaultAsync(refusal.Id);
        await deadRow.Locator("button.replay").ClickAsync();
        await Expect(deadRow.Locator(".replayed")).ToHaveTextAsync("replayed ×1");
        await Expect(page.Locator("#lookup-status")).ToHaveTextAsync("sent");
        Assert.Single(await _sandbox.MessagesAsync(refused, "sms"));

        // With long ids and errors in the tables, no card is wider than its box, at 1,280 px and at 1,400 px.
        Assert.Empty(await OverflowingCardsAsync(page));
        await page.SetViewportSizeAsync(1400, 900);
        Assert.Empty(await OverflowingCardsAsync(page));
        await ConsoleScreenshot.TakeIfAskedAsync(page);

        // Pausing low from the policy form reaches the dispatchers' bucket, other settings unchanged.
        await page.CheckAsync("input[name=paused][value=low]");
        await page.ClickAsync("#save-policy");
        await Expect(page.Locator("#policy-status")).ToContainTextAsync("saved"); // the revision shown before the save says nothing
        using var policy = await stack.Ingest.GetAsync("/v1/admin/priority-policy");
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        var saved = await policy.Content.ReadAsStringAsync();
        Assert.Contains("\"paused\":[\"low\"]", saved, StringComparison.Ordinal);
        Assert.Contains("\"yieldingInFlight\":7", saved, StringComparison.Ordinal); // what the form does not edit is kept
        await Expect(page.Locator("#pending tbody tr[data-priority=low]")).ToContainTextAsync("paused");
    }

    /// <summary>
    /// The panels, and the boxes inside them, whose content is wider than they are (a table spilling over the chart
    /// beside it counts), and <c>page</c> when the page scrolls sideways.
    /// </summary>
    private static Task<string[]> OverflowingCardsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll("main > section, main section div, main section figure")]
          .filter((box) => box.scrollWidth > box.clientWidth)
          .map((box) => `${box.closest("section").id} ${box.tagName.toLowerCase()}.${box.className}`)
          .concat(document.documentElement.scrollWidth > document.documentElement.clientWidth ? ["page"] : [])
        """);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}
