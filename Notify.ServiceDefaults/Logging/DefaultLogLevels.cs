using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Notify.ServiceDefaults.Logging;

/// <summary>
/// Log levels a production service starts from: the framework's per-request lines (ASP.NET Core's request log,
/// HttpClient's four lines per call, Npgsql's line per command, StackExchange.Redis's account of each connect) at Warning,
/// NATS.Net's connection lines off. They are filter rules placed before the configured ones, so any
/// <c>Logging:LogLevel:*</c> from configuration wins (for rules of equal specificity the later one applies), and
/// nothing in configuration is rebuilt. Measured: with those lines at Information, Ingest spent about 4× the CPU per
/// request.
/// </summary>
public static class DefaultLogLevels
{
    /// <summary>The defaults, by category.</summary>
    public static readonly IReadOnlyDictionary<string, LogLevel> Values = new Dictionary<string, LogLevel>
    {
        ["Microsoft.AspNetCore"] = LogLevel.Warning,
        ["System.Net.Http.HttpClient"] = LogLevel.Warning,
        ["Microsoft.Extensions.Http"] = LogLevel.Warning,
        ["Polly"] = LogLevel.Warning,
        ["Npgsql"] = LogLevel.Warning,
        // NATS.Net logs each connect attempt of its retry loops (a wrong password: two lines every two seconds) and
        // not why the retries fail: NatsConnectionStarter says that, and what else these categories would say, once.
        ["NATS.Client.Core.NatsConnection"] = LogLevel.Critical,
        ["NATS.Client.Core.Internal.NatsReadProtocolProcessor"] = LogLevel.Critical,
        // StackExchange.Redis narrates every connect in some thirty Information lines; its failures are Errors.
        ["StackExchange.Redis"] = LogLevel.Warning,
    };

    /// <summary>Adds <see cref="Values"/> under the configured levels of <paramref name="builder"/>.</summary>
    public static void Add(IHostApplicationBuilder builder) =>
        builder.Services.Configure<LoggerFilterOptions>(options =>
        {
            var at = 0;
            foreach (var (category, level) in Values)
                options.Rules.Insert(at++, new LoggerFilterRule(null, category, level, null));
        });
}
