using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notify.Core.Notifications;
using Notify.Dispatcher;
using Notify.Dispatcher.Channels;
using Notify.Dispatcher.Delivery;

namespace Notify.Tests.Dispatcher;

/// <summary>Every options section the dispatcher binds is checked at start, as Ingest's are.</summary>
public sealed class DispatcherConfigurationTests
{
    // Nothing listens on them: the dispatcher must stop on its configuration before it connects to anything.
    private static readonly Dictionary<string, string?> Connections = new()
    {
        ["ConnectionStrings:nats"] = "nats://127.0.0.1:1",
        ["ConnectionStrings:redis"] = "127.0.0.1:1",
        ["ConnectionStrings:notifydb"] = "Host=127.0.0.1;Port=1;Username=notify;Database=notifydb",
    };

    /// <summary>One bad value per options type (two for the pull expiry), and the whole message it must stop the dispatcher with.</summary>
    public static TheoryData<string, string, string> BadValues { get; } = new()
    {
        { "Notify:Dispatcher:PullExpires", "00:00:00.500", "Notify:Dispatcher:PullExpires must be between 1 and 60 seconds, not 00:00:00.5000000." },
        { "Notify:Dispatcher:PullExpires", "00:01:01", "Notify:Dispatcher:PullExpires must be between 1 and 60 seconds, not 00:01:01." },
        { "Notify:Dispatcher:Prefetch:Critical", "0", "Notify:Dispatcher:Prefetch:Critical must be at least 1, not 0." },
        { "Notify:Dispatcher:InDoubt:Low", "7", "Notify:Dispatcher:InDoubt:Low must be skip or resend, not 7." },
        { "Notify:Streams:Replicas", "7", "Notify:Streams:Replicas must be 1 to 5, not 7." },
        { "Notify:Retry:Priorities:High:Cap", "00:00:01", "Notify:Retry:Priorities:High:Cap must not be shorter than Base." },
        { "Notify:Fallback:AfterAttempts:Critical", "0", "Notify:Fallback:AfterAttempts:Critical must be at least 1, not 0." },
        { "Notify:CircuitBreaker:MinimumThroughput", "1", "Notify:CircuitBreaker:MinimumThroughput must be at least 2, not 1." },
        { "Notify:RateLimits:Providers:twilio:CriticalReserve", "1", "Notify:RateLimits:Providers:twilio:CriticalReserve must be from 0 up to (not including) 1, not 1." },
        { "Notify:Caps:Rules:promotional:Max", "-2", "Notify:Caps:Rules:promotional:Max must be at least 0, not -2." },
        { "Notify:Unsubscribe:SigningKey", "too-short", "Notify:Unsubscribe:SigningKey must have at least 16 characters." },
        { "Notify:Receipts:MaxAttempts", "0", "Notify:Receipts:MaxAttempts must be at least 1, not 0." },
        { "Notify:Deferral:PollInterval", "00:00:00", "Notify:Deferral:PollInterval must be positive, not 00:00:00." },
        { "Notify:Dispatcher:Reporting:PendingRefresh", "-00:00:01", "Notify:Dispatcher:Reporting:PendingRefresh must be positive, not -00:00:01." },
        { "Notify:Retention:Inbox", "-1.00:00:00", "Notify:Retention:Inbox must be positive, not -1.00:00:00." },
        { "Notify:Providers:Fcm:BaseUrl", "fcm.googleapis.com", "Notify:Providers:Fcm:BaseUrl must be an absolute http or https URL." },
        { "Notify:Providers:Smtp:PoolSize", "0", "Notify:Providers:Smtp:PoolSize must be 1 to 64, not 0." },
        { "ConnectionStrings:smtp", "Endpoint=relay:25", "ConnectionStrings:smtp must be Endpoint=smtp://host:port." },
        { "Notify:Templates:Ttl", "00:00:00", "Notify:Templates:Ttl must be positive, not 00:00:00." },
        { "Notify:Users:MaxConcurrentLoads", "0", "Notify:Users:MaxConcurrentLoads must be at least 1, not 0." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_stops_the_dispatcher_at_start_with_one_line_naming_the_key(string key, string value, string line)
    {
        await using WebApplication dispatcher = Dispatcher(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => dispatcher.StartAsync());

        Assert.Equal(line, error.Message);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Every_section_is_checked_at_start_before_anything_reads_it(string key, string value, string line)
    {
        await using WebApplication dispatcher = Dispatcher(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(dispatcher.Services.GetRequiredService<IStartupValidator>().Validate);

        Assert.Equal(line, error.Message);
    }

    [Fact]
    public async Task The_defaults_pass_every_check()
    {
        await using WebApplication dispatcher = Dispatcher([]);

        Assert.Null(Record.Exception(dispatcher.Services.GetRequiredService<IStartupValidator>().Validate));
    }

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("00:01:00")]
    public void Pull_expiries_from_one_second_to_a_minute_are_taken(string pullExpires)
    {
        var options = new DispatcherOptions { PullExpires = TimeSpan.Parse(pullExpires, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.True(new DispatcherOptionsValidation(new ConfigurationBuilder().Build()).Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task Consumers_get_the_bound_values_and_the_smtp_connection_string_wins_over_the_configured_relay()
    {
        await using WebApplication dispatcher = Dispatcher(new()
        {
            ["Notify:Dispatcher:PullExpires"] = "00:00:03",
            ["Notify:Providers:Smtp:Host"] = "configured-relay",
            ["Notify:Providers:Smtp:PoolSize"] = "2",
            ["ConnectionStrings:smtp"] = "Endpoint=smtp://aspire-relay:2526",
        });

        Assert.Equal(TimeSpan.FromSeconds(3), dispatcher.Services.GetRequiredService<DispatcherOptions>().PullExpires);
        var smtp = dispatcher.Services.GetRequiredService<SmtpOptions>();
        Assert.Equal(("aspire-relay", 2526, 2), (smtp.Host, smtp.Port, smtp.PoolSize));
    }

    [Fact]
    public async Task The_in_doubt_policy_is_read_per_priority_by_name_over_the_defaults()
    {
        await using WebApplication dispatcher = Dispatcher(new() { ["Notify:Dispatcher:InDoubt:High"] = "skip", ["Notify:Dispatcher:InDoubt:Low"] = "Resend" });

        var inDoubt = dispatcher.Services.GetRequiredService<DispatcherOptions>().InDoubt;

        Assert.Equal(InDoubtAction.Skip, inDoubt[Priority.High]);
        Assert.Equal(InDoubtAction.Resend, inDoubt[Priority.Low]);
        Assert.Equal(InDoubtAction.Resend, inDoubt[Priority.Critical]);
        Assert.Equal(InDoubtAction.Resend, inDoubt[Priority.Normal]);
    }

    private static WebApplication Dispatcher(Dictionary<string, string?> settings) =>
        DispatcherApplication.Create(["--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(Connections.Concat(settings)));
}
