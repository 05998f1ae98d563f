using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>Port assignment: fixed ports are checked, free ones chosen once and then kept across restarts.</summary>
public abstract partial class ProcessResource
{
    private void AssignPorts()
    {
        if (_ports is not null)
        {
            EnsureAvailable(_ports);
            return;
        }

        IReadOnlyList<int?> requested = RequestedPorts;
        EnsureAvailable(requested.OfType<int>());
        _ports = requested.Select(port => port ?? FreePorts.Allocate()).ToArray();
    }

    /// <summary>
    /// Throws <see cref="PortInUseException"/> when a fixed port is taken, before anything is started, so a
    /// composite can refuse to start at all rather than start some resources and stop them again.
    /// </summary>
    internal void EnsureFixedPortsAvailable() => EnsureAvailable(_ports ?? RequestedPorts.OfType<int>());

    private void EnsureAvailable(IEnumerable<int> ports)
    {
        foreach (int port in ports)
        {
            if (!FreePorts.IsAvailable(port))
            {
                throw new PortInUseException(Name, port);
            }
        }
    }

    private bool CanRetryOnOtherPorts()
    {
        return RequestedPorts.All(port => port is null) && _output.Contains("address already in use", TailLines);
    }
}
