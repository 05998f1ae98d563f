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

    /// <summary>Prints every resource's endpoints and connection string, and commands to try the stack with.</summary>
    public void PrintReady(NotifyStack stack, string? stateDirectory)
    {
        int width = stack.Resources.Max(resource => resource.Name.Length);
        lock (_gate)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine("Notify is running." + (stateDirectory is null ? "" : $" State: {stateDirectory}"));
            foreach (ProcessResource resource in stack.Resources)
            {
                string endpoints = string.Join("  ", resource.Endpoints.Select(endpoint => $"{endpoint.Name} {endpoint.Url.OriginalString}"));
                Console.Out.WriteLine($"  {resource.Name.PadRight(width)}  {endpoints}");
                if (resource.ConnectionString is { } connectionString)
                {
                    Console.Out.WriteLine($"  {"".PadRight(width)}  connection string: {connectionString}");
                }
            }

            Console.Out.WriteLine();
            Console.Out.WriteLine($"Send a notification with the development API key ({NotifyStack.DevelopmentApiKey}), read its status, see what the sandbox received:");
            foreach (string command in TryItCommands.For(stack.Ingest.Url, stack.Sandbox.Url))
            {
                Console.Out.WriteLine($"  {command}");
            }

            Console.Out.WriteLine();
            Console.Out.WriteLine($"Ops console: {stack.Ingest.Url.OriginalString.TrimEnd('/')}/ (enter the API key {NotifyStack.DevelopmentApiKey})");
            Console.Out.WriteLine();
            Console.Out.WriteLine("Press Ctrl-C to stop.");
        }
    }
}
