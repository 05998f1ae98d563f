using Microsoft.Extensions.DependencyInjection;
using Notify.Dispatcher.Retention;

namespace Notify.Tests.Dispatcher;

/// <summary>A dispatcher with the retention job on, as it runs outside the tests, with settings of its own.</summary>
public sealed class RetentionHarness : DispatcherHarness
{
    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Notify:Retention:Enabled", "true"),
        new("Notify:Retention:BatchSize", "7"),
        new("Notify:Retention:Inbox", "14.00:00:00"),
    ];
}

/// <summary>The retention job as the dispatcher registers it.</summary>
public sealed class RetentionWiringTests(RetentionHarness harness) : IClassFixture<RetentionHarness>
{
    [Fact]
    public async Task The_dispatcher_binds_the_retention_section_and_runs_rounds_on_its_database()
    {
        var options = harness.Services.GetRequiredService<RetentionOptions>();
        Assert.Equal((7, TimeSpan.FromDays(14), TimeSpan.FromDays(30)), (options.BatchSize, options.Inbox, options.Notifications));

        // The hosted job may be running its own round at this moment, and this one then skips: either way, no failure.
        var round = await harness.Services.GetRequiredService<RetentionJob>().RunOnceAsync(CancellationToken.None);

        Assert.True(round.Ran || round == RetentionRound.Skipped);
    }
}
