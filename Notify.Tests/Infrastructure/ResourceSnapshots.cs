using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// The latest snapshot of every resource instance of a running AppHost, kept from its <see cref="ResourceNotificationService"/>
/// (a replica is an instance of its own, with an id of its own: the resource's name and a suffix).
/// </summary>
public sealed class ResourceSnapshots : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    private ResourceSnapshots(DistributedApplication app)
    {
        App = app;
        _watching = WatchAsync(app.ResourceNotifications, _stop.Token);
    }

    /// <summary>The AppHost watched.</summary>
    public DistributedApplication App { get; }

    /// <summary>Starts watching <paramref name="app"/> (before it starts, so that no instance is missed).</summary>
    public static ResourceSnapshots Watch(DistributedApplication app) => new(app);

    /// <summary>The instances of <paramref name="resource"/> seen so far, ordered by id.</summary>
    public IReadOnlyList<ServiceInstance> Instances(string resource) =>
        [.. _latest.Values.Where(e => e.Resource.Name == resource && e.ResourceId != resource).OrderBy(e => e.ResourceId, StringComparer.Ordinal)
            .Select(e => new ServiceInstance(this, e.ResourceId))];

    /// <summary>The latest snapshot of the instance <paramref name="id"/>.</summary>
    public CustomResourceSnapshot Latest(string id) =>
        _latest.TryGetValue(id, out ResourceEvent? latest) ? latest.Snapshot : throw new InvalidOperationException($"no snapshot of {id}");

    /// <summary>
    /// Waits until <paramref name="resource"/> has <paramref name="count"/> instances, each healthy (Aspire's own wait
    /// for health takes a resource's name, and is content with one healthy replica).
    /// </summary>
    /// <exception cref="InvalidOperationException">An instance stopped (failed to start, exited) instead.</exception>
    public async Task WaitUntilHealthyAsync(string resource, int count, CancellationToken cancellationToken)
    {
        while (Instances(resource).Count < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        foreach (ServiceInstance instance in Instances(resource))
        {
            ResourceEvent settled = await App.ResourceNotifications.WaitForResourceAsync(
                resource,
                update => update.ResourceId == instance.Id
                    && (update.Snapshot.HealthStatus == HealthStatus.Healthy || KnownResourceStates.TerminalStates.Contains(update.Snapshot.State?.Text)),
                cancellationToken);
            if (settled.Snapshot.HealthStatus != HealthStatus.Healthy)
            {
                throw new InvalidOperationException(
                    $"{instance.Id} did not start: {settled.Snapshot.State?.Text} (exit code {settled.Snapshot.ExitCode}); its log ends:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, await LogTailAsync(instance.Id, 40, cancellationToken)));
            }
        }
    }

    /// <summary>The last <paramref name="lines"/> lines an instance wrote (stdout and stderr), for a failure's message.</summary>
    public async Task<IReadOnlyList<string>> LogTailAsync(string id, int lines, CancellationToken cancellationToken)
    {
        var tail = new Queue<string>(lines);
        await foreach (IReadOnlyList<LogLine> batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(id).WithCancellation(cancellationToken))
        {
            foreach (LogLine line in batch)
            {
                if (tail.Count == lines)
                {
                    tail.Dequeue();
                }

                tail.Enqueue(line.Content);
            }
        }

        return [.. tail];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watching;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _stop.Dispose();
    }

    private async Task WatchAsync(ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        await foreach (ResourceEvent update in notifications.WatchAsync(cancellationToken))
        {
            _latest[update.ResourceId] = update;
        }
    }
}
