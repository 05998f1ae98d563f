using Notify.AppHost.Hosting;
using Notify.Bench.Runtime;

namespace Notify.Bench.Pipeline;

/// <summary>
/// The whole Notify stack for a pipeline scenario: free ports, temporary state, the services' Release build. Ingest's
/// per-key rate limit is lifted (the bench is one API key pushing far past a tenant's budget) and the sandbox keeps
/// enough messages for the largest backlog. The services ship no appsettings.json, so their log level is Information
/// for every category: ASP.NET Core then writes six log entries per request and HttpClient four per provider call to
/// the console. The bench sets <c>Microsoft.AspNetCore</c> (as the ASP.NET Core template's appsettings.json does) and
/// <c>System.Net.Http.HttpClient</c> to Warning. Everything else runs with the services' defaults, unless the command
/// line sets it (<c>--set</c>).
/// </summary>
internal static class PipelineStack
{
    private const string AspNetCoreLogLevel = "Logging__LogLevel__Microsoft.AspNetCore";
    private const string HttpClientLogLevel = "Logging__LogLevel__System.Net.Http.HttpClient";

    public static async Task<NotifyStack> StartAsync(BenchContext context, int dispatchers, CancellationToken cancellationToken)
    {
        var defaults = NotifyStackOptions.Default;
        var options = defaults with
        {
            Dispatchers = dispatchers,
            Output = context.Options.Verbose ? context.Log.Child : null,
            Ingest = defaults.Ingest with
            {
                Configuration = "Release",
                Environment = new Dictionary<string, string>
                {
                    [AspNetCoreLogLevel] = "Warning",
                    ["Notify__RateLimit__PermitsPerSecond"] = "10000000",
                    ["Notify__RateLimit__Burst"] = "10000000",
                },
            },
            Dispatcher = defaults.Dispatcher with
            {
                Configuration = "Release",
                Environment = new Dictionary<string, string>
                {
                    [AspNetCoreLogLevel] = "Warning",
                    [HttpClientLogLevel] = "Warning",
                    ["Notify__Caps__Enabled"] = "false", // the backlog sends hundreds of promotions to each user
                },
            },
            Sandbox = defaults.Sandbox with
            {
                Configuration = "Release",
                Environment = new Dictionary<string, string> { [AspNetCoreLogLevel] = "Warning", ["Sandbox__Capacity"] = "1000000" },
            },
        };
        options = options with
        {
            Ingest = options.Ingest with { Environment = With(options.Ingest.Environment, context.Options.Settings, "ingest") },
            Dispatcher = options.Dispatcher with { Environment = With(options.Dispatcher.Environment, context.Options.Settings, "dispatcher") },
            Sandbox = options.Sandbox with { Environment = With(options.Sandbox.Environment, context.Options.Settings, "sandbox") },
        };
        foreach (var setting in context.Options.Settings)
            context.Log.Info($"setting {setting}");
        context.Log.Info($"starting the stack with {dispatchers} dispatcher(s)");
        var stack = await NotifyStack.StartAsync(options, cancellationToken);
        context.Log.Info($"stack up: ingest {stack.Ingest.Url}, sandbox {stack.Sandbox.Url}");
        return stack;
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string>? environment, IReadOnlyList<ServiceSetting> settings, string service)
    {
        var result = environment is null ? new Dictionary<string, string>() : new Dictionary<string, string>(environment);
        foreach (var setting in settings.Where(s => s.Service == service))
            result[setting.EnvironmentName] = setting.Value;
        return result;
    }
}
