using Notify.AppHost.Hosting;

namespace Notify.AppHost;

/// <summary>
/// One run of the AppHost: start the resources, report their endpoints, wait for Ctrl-C, stop them. The
/// infrastructure starts first; a service resource is a <see cref="ProcessResource"/> started after it with
/// <see cref="InfrastructureHost.Environment"/>, added to the list that is reported and stopped.
/// </summary>
internal static class AppHostRun
{
    public static async Task<int> RunAsync(InfrastructureOptions options, ResourceConsole console, ShutdownSignal shutdown)
    {
        try
        {
            await using InfrastructureHost infrastructure = await InfrastructureHost.StartAsync(options, shutdown.Token);
            List<ProcessResource> resources = [.. infrastructure.Resources];
            console.PrintReady(resources, infrastructure.Environment, options.StateDirectory);
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
    private static string? Describe(Exception exception, InfrastructureOptions options)
    {
        return exception switch
        {
            PortInUseException portInUse =>
                $"error: {portInUse.Message}; stop what listens there or choose another port with {PortOption(portInUse, options)}",
            MissingPrerequisiteException or ResourceStartException => $"error: {exception.Message}",
            AggregateException aggregate when aggregate.InnerExceptions.All(inner => Describe(inner, options) is not null) =>
                string.Join(Environment.NewLine, aggregate.InnerExceptions.Select(inner => Describe(inner, options))),
            _ => null,
        };
    }

    private static string PortOption(PortInUseException exception, InfrastructureOptions options)
    {
        bool monitor = exception.ResourceName == options.Nats.Name && exception.Port == options.Nats.MonitorPort;
        return monitor ? "--nats-monitor-port" : $"--{exception.ResourceName}-port";
    }
}
