using Notify.AppHost.Hosting;

namespace Notify.AppHost;

/// <summary>One run of the AppHost: start the stack, report its endpoints, wait for Ctrl-C, stop it.</summary>
internal static class AppHostRun
{
    public static async Task<int> RunAsync(NotifyStackOptions options, ResourceConsole console, ShutdownSignal shutdown)
    {
        if (options.Prometheus is not null && !PrometheusServer.IsInstalled())
        {
            console.Note("prometheus is not installed (Debian package prometheus): running without it");
            options = options with { Prometheus = null };
        }

        try
        {
            await using NotifyStack stack = await NotifyStack.StartAsync(options, shutdown.Token);
            console.PrintReady(stack, options.Infrastructure.StateDirectory);
            await shutdown.WaitAsync();
            console.Note("stopping");
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            console.Note("start interrupted; stopped");
            return 0;
        }
        catch (Exception exception) when (Describe(exception, options) is { } message)
        {
            await Console.Error.WriteLineAsync(message);
            return 1;
        }

        console.Note("stopped");
        return 0;
    }

    /// <summary>The error lines for a failed start, or null for an exception nobody expects here.</summary>
    private static string? Describe(Exception exception, NotifyStackOptions options)
    {
        return exception switch
        {
            PortInUseException portInUse =>
                $"error: {portInUse.Message}; stop what listens there or choose another port with {PortOption(portInUse, options)}",
            MissingPrerequisiteException or ProjectNotBuiltException or ResourceStartException => $"error: {exception.Message}",
            AggregateException aggregate when aggregate.InnerExceptions.All(inner => Describe(inner, options) is not null) =>
                string.Join(Environment.NewLine, aggregate.InnerExceptions.Select(inner => Describe(inner, options))),
            _ => null,
        };
    }

    private static string PortOption(PortInUseException exception, NotifyStackOptions options)
    {
        NatsServerOptions nats = options.Infrastructure.Nats;
        if (exception.ResourceName == nats.Name && exception.Port == nats.MonitorPort)
        {
            return "--nats-monitor-port";
        }

        return exception.ResourceName.StartsWith($"{options.Dispatcher.Name}-", StringComparison.Ordinal)
            ? "--dispatcher-port"
            : $"--{exception.ResourceName}-port";
    }
}
