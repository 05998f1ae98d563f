using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notify.ServiceDefaults;

namespace Notify.Tests.ServiceDefaults;

public sealed class DefaultLogLevelsTests
{
    [Fact]
    public void Framework_request_logging_starts_at_warning_and_the_service_at_information()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddServiceDefaults();
        using var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("System.Net.Http.HttpClient.fcm.LogicalHandler").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Notify.Dispatcher.Delivery.DeliveryPipeline").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void Any_configured_level_wins_over_the_defaults()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Microsoft.AspNetCore", "Debug")]);
        builder.AddServiceDefaults();
        using var app = builder.Build();

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Debug));
    }
}
