namespace Notify.AppHost.Hosting;

/// <summary>A fixed port a resource must listen on is taken by another process.</summary>
public sealed class PortInUseException : Exception
{
    /// <summary>Creates the exception for <paramref name="resourceName"/>'s <paramref name="port"/>.</summary>
    public PortInUseException(string resourceName, int port)
        : base($"port {port} on 127.0.0.1 for {resourceName} is already in use")
    {
        ResourceName = resourceName;
        Port = port;
    }

    /// <summary>The resource that wanted the port.</summary>
    public string ResourceName { get; }

    /// <summary>The port that is taken.</summary>
    public int Port { get; }
}
