using System.Net;
using System.Net.Sockets;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>Loopback TCP ports: free ones chosen by the kernel, and whether a fixed one is taken.</summary>
internal static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    /// <summary>
    /// Binds 127.0.0.1:0, reads the port and releases it. A port is never handed out twice in this process,
    /// so resources started in parallel cannot be given the same one.
    /// </summary>
    public static int Allocate()
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Gate)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>Whether 127.0.0.1:<paramref name="port"/> can be bound right now.</summary>
    public static bool IsAvailable(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
