using Microsoft.Extensions.Configuration;
using Notify.Dispatcher;

namespace Notify.Tests.Dispatcher;

public sealed class DispatcherOptionsTests
{
    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("00:01:01")]
    public void A_pull_expiry_NATS_Net_refuses_stops_the_dispatcher_at_start_naming_the_key(string pullExpires)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DispatcherApplication.Create([], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:nats"] = "nats://127.0.0.1:4222",
                ["Notify:Dispatcher:PullExpires"] = pullExpires,
            })));

        Assert.Contains("Notify:Dispatcher:PullExpires must be between 1 and 60 seconds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("00:01:00")]
    public void Pull_expiries_from_one_second_to_a_minute_are_taken(string pullExpires)
    {
        var options = new DispatcherOptions { PullExpires = TimeSpan.Parse(pullExpires, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Null(Record.Exception(options.Validate));
    }
}
