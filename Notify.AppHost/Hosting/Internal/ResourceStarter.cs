using System.Runtime.ExceptionServices;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>Starting a group of resources all or nothing: ports and build output checked first, then started in parallel.</summary>
internal static class ResourceStarter
{
    /// <summary>
    /// Throws when a fixed port of any of <paramref name="resources"/> is taken, before anything starts: a
    /// <see cref="PortInUseException"/>, or an <see cref="AggregateException"/> of them.
    /// </summary>
    public static void ThrowIfFixedPortsTaken(IEnumerable<ProcessResource> resources)
    {
        var taken = new List<Exception>();
        foreach (ProcessResource resource in resources)
        {
            try
            {
                resource.EnsureFixedPortsAvailable();
            }
            catch (PortInUseException exception)
            {
                taken.Add(exception);
            }
        }

        ThrowFailures(taken, "several ports are taken");
    }

    /// <summary>
    /// Throws when a project's build output is missing, before anything starts: a <see cref="ProjectNotBuiltException"/>
    /// per assembly (replicas share one), in an <see cref="AggregateException"/> when several are missing.
    /// </summary>
    public static void ThrowIfNotBuilt(IEnumerable<ProjectResource> projects)
    {
        var missing = new List<Exception>();
        foreach (ProjectResource project in projects.DistinctBy(project => project.AssemblyPath))
        {
            try
            {
                project.EnsureBuilt();
            }
            catch (ProjectNotBuiltException exception)
            {
                missing.Add(exception);
            }
        }

        ThrowFailures(missing, "several services are not built");
    }

    /// <summary>
    /// Starts <paramref name="resources"/> in parallel and waits for all. Throws the failure, or an
    /// <see cref="AggregateException"/> when several failed; the caller stops the ones that did start.
    /// </summary>
    public static async Task StartAllAsync(IEnumerable<ProcessResource> resources, CancellationToken cancellationToken)
    {
        Task all = Task.WhenAll(resources.Select(resource => resource.StartAsync(cancellationToken)));
        try
        {
            await all.ConfigureAwait(false);
        }
        catch (Exception first)
        {
            ThrowFailures(all.Exception?.InnerExceptions ?? [first], "several resources failed to start");
            throw;
        }
    }

    private static void ThrowFailures(IReadOnlyList<Exception> failures, string summary)
    {
        if (failures.Count == 1)
        {
            ExceptionDispatchInfo.Throw(failures[0]);
        }

        if (failures.Count > 1)
        {
            throw new AggregateException(summary, failures);
        }
    }
}
