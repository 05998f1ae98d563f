using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Notify.ServiceDefaults.Configuration;

/// <summary>
/// Checks a service's configuration before it starts, so that a bad value stops it with one line per problem, naming
/// the key, rather than with the host's "Hosting failed to start" log and a stack trace.
/// </summary>
public static class StartupConfiguration
{
    /// <summary>
    /// Requires the connection string <c>ConnectionStrings:&lt;name&gt;</c> (or <c>&lt;section&gt;:ConnectionString</c>,
    /// as the Aspire client integrations read it) to be set, checked at start with the options bound with
    /// <c>ValidateOnStart</c>. Without the check a missing one surfaces as an exception from the first service that
    /// resolves the client.
    /// </summary>
    public static IHostApplicationBuilder RequireConnectionString(this IHostApplicationBuilder builder, string connectionName, string sectionName)
    {
        builder.Services.AddOptions<RequiredConnectionString>(connectionName)
            .Configure<IConfiguration>((required, configuration) =>
                required.Value = configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString
                    ? connectionString
                    : configuration[$"{sectionName}:ConnectionString"])
            .Validate(required => !string.IsNullOrWhiteSpace(required.Value),
                $"ConnectionStrings:{connectionName} is missing (it may also be given as {sectionName}:ConnectionString).")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Runs every start-up check of <paramref name="host"/>'s options and writes what fails to
    /// <paramref name="error"/>, one line each. A value that does not convert to its option's type counts: the binder's
    /// message names the key.
    /// </summary>
    /// <returns>Whether the host may start.</returns>
    public static bool IsValid(IHost host, TextWriter error)
    {
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (OptionsValidationException failure)
        {
            Write(error, failure.Failures);
        }
        catch (AggregateException failures) when (failures.InnerExceptions.All(static e => e is OptionsValidationException))
        {
            Write(error, failures.InnerExceptions.SelectMany(static e => ((OptionsValidationException)e).Failures));
        }
        catch (InvalidOperationException unconvertible)
        {
            // Only binding runs here: "Failed to convert configuration value '…' at 'Notify:…' to type '…'."
            Write(error, [unconvertible.Message]);
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="host"/> until it stops and returns the process's exit code: 1 when a background service's
    /// failure stopped it, 0 otherwise. The host stops gracefully on such a failure
    /// (BackgroundServiceExceptionBehavior.StopHost) and its run returns normally, which would exit 0 and tell an
    /// orchestrator that a crashed service completed. The services are looked up before the run, which disposes the host.
    /// </summary>
    public static async Task<int> RunToExitCodeAsync(IHost host, CancellationToken cancellationToken = default)
    {
        BackgroundService[] background = [.. host.Services.GetServices<IHostedService>().OfType<BackgroundService>()];
        await host.RunAsync(cancellationToken);
        return background.Any(static s => s.ExecuteTask is { IsFaulted: true }) ? 1 : 0;
    }

    private static void Write(TextWriter error, IEnumerable<string> lines)
    {
        foreach (string line in lines)
            error.WriteLine(line);
    }

    private sealed class RequiredConnectionString
    {
        public string? Value { get; set; }
    }
}
