namespace Notify.AppHost.Hosting;

/// <summary>
/// A resource did not become ready: its process exited, its preparation failed or the deadline passed. The
/// message ends with the last lines the process printed.
/// </summary>
public sealed class ResourceStartException : Exception
{
    /// <summary>Creates the exception; <paramref name="outputTail"/> is appended to the message.</summary>
    public ResourceStartException(string resourceName, string reason, IReadOnlyList<string> outputTail, Exception? innerException)
        : base(Format(resourceName, reason, outputTail), innerException)
    {
        ResourceName = resourceName;
        OutputTail = outputTail;
    }

    /// <summary>The resource that failed.</summary>
    public string ResourceName { get; }

    /// <summary>The last lines the resource's processes printed.</summary>
    public IReadOnlyList<string> OutputTail { get; }

    private static string Format(string resourceName, string reason, IReadOnlyList<string> outputTail)
    {
        string output = outputTail.Count == 0
            ? "It printed nothing."
            : $"Last {outputTail.Count} lines of its output:{Environment.NewLine}{string.Join(Environment.NewLine, outputTail.Select(line => "  " + line))}";
        return $"{resourceName} failed to start: {reason}.{Environment.NewLine}{output}";
    }
}
