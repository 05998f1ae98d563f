using System.Net;
using System.Net.Sockets;

namespace Notify.Tests.Infrastructure;

/// <summary>Ports nothing listens on.</summary>
public static class FreePort
{
    /// <summary>A port the system had free a moment ago (bound to port 0, then released).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
