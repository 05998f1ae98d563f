using Notify.AppHost.Hosting;

namespace Notify.AppHost;

/// <summary>The AppHost's console: every resource's output prefixed with its name, and the summary once ready.</summary>
internal sealed class ResourceConsole
{
    private readonly Lock _gate = new();

    /// <summary>Writes one line of a resource's output as <c>[name] line</c>.</summary>
    public void WriteLine(string resource, string line)
    {
        lock (_gate)
        {
            Console.Out.WriteLine($"[{resource}] {line}");
        }
    }

    /// <summary>Writes a line of the AppHost's own.</summary>
    public void Note(string line) => WriteLine("apphost", line);

    /// <summary>Prints every resource's endpoints and connection string, and the environment services get.</summary>
    public void PrintReady(IReadOnlyList<ProcessResource> resources, IReadOnlyDictionary<string, string> environment, string? stateDirectory)
    {
        int width = resources.Max(resource => resource.Name.Length);
        lock (_gate)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine("Notify is running." + (stateDirectory is null ? "" : $" State: {stateDirectory}"));
            foreach (ProcessResource resource in resources)
            {
                string endpoints = string.Join("  ", resource.Endpoints.Select(endpoint => $"{endpoint.Name} {endpoint.Url.OriginalString}"));
                Console.Out.WriteLine($"  {resource.Name.PadRight(width)}  {endpoints}");
                if (resource.ConnectionString is { } connectionString)
                {
                    Console.Out.WriteLine($"  {"".PadRight(width)}  connection string: {connectionString}");
                }
            }

            Console.Out.WriteLine();
            Console.Out.WriteLine("Environment for services (Aspire conventions):");
            foreach ((string key, string value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                Console.Out.WriteLine($"  {key}={value}");
            }

            Console.Out.WriteLine();
            Console.Out.WriteLine("Press Ctrl-C to stop.");
        }
    }
}
