namespace Notify.Nats.Internal;

/// <summary>The servers to connect to: those configured plus the cluster's <c>connect_urls</c>, tried in random order.</summary>
internal sealed class ServerPool
{
    private readonly Lock _gate = new();
    private readonly List<NatsUri> _servers;

    public ServerPool(string urls)
    {
        _servers = urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(NatsUri.Parse).ToList();
        if (_servers.Count == 0)
            throw new ArgumentException("No server URL given.", nameof(urls));
    }

    /// <summary>The first configured server, whose credentials apply to the others.</summary>
    public NatsUri Primary => _servers[0];

    public void AddConnectUrls(IEnumerable<string>? urls)
    {
        if (urls is null) return;
        lock (_gate)
        {
            foreach (var url in urls)
            {
                var uri = NatsUri.Parse(url);
                if (!_servers.Any(s => s.SameEndpoint(uri)))
                    _servers.Add(uri);
            }
        }
    }

    /// <summary>Servers in the order to try: <paramref name="preferred"/> first when given, the rest shuffled.</summary>
    public NatsUri[] Ordered(NatsUri? preferred)
    {
        NatsUri[] servers;
        lock (_gate) servers = [.. _servers];
        Random.Shared.Shuffle(servers);
        if (preferred is not null)
        {
            var index = Array.FindIndex(servers, s => s.SameEndpoint(preferred));
            if (index > 0)
                (servers[0], servers[index]) = (servers[index], servers[0]);
        }
        return servers;
    }
}
