using System.Collections.Concurrent;
using Notify.Nats;

namespace Notify.Tests.Nats;

/// <summary>Records a connection's lifecycle events in the order they are raised.</summary>
internal sealed class ConnectionEvents
{
    private readonly ConcurrentQueue<(string Name, Exception? Error)> _events = new();

    public ConnectionEvents(NatsConnection connection)
    {
        connection.ConnectionOpened += (_, e) => _events.Enqueue(("opened", e.Error));
        connection.ConnectionDisconnected += (_, e) => _events.Enqueue(("disconnected", e.Error));
        connection.ReconnectFailed += (_, e) => _events.Enqueue(("failed", e.Error));
    }

    /// <summary>Event names in order, with repeated reconnect failures folded into one.</summary>
    public IReadOnlyList<string> Names =>
        _events.Select(e => e.Name).Aggregate(new List<string>(), (names, name) =>
        {
            if (names.Count == 0 || name != "failed" || names[^1] != "failed")
            {
                names.Add(name);
            }

            return names;
        });

    public int Count(string name) => _events.Count(e => e.Name == name);

    public Exception? FirstError(string name) => _events.FirstOrDefault(e => e.Name == name).Error;
}
