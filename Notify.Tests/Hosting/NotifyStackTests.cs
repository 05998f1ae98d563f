using System.Collections.Concurrent;
using Notify.AppHost.Hosting;

namespace Notify.Tests.Hosting;

/// <summary>
/// The stack's composition (order, references, Notify settings, replicas), checked with the echo service standing
/// in for the sandbox, Ingest and the dispatchers: what each would be started with, whatever they do with it.
/// </summary>
public sealed class NotifyStackTests
{
    [Fact]
    public async Task Stack_starts_servers_then_sandbox_then_services_each_with_its_Aspire_and_Notify_configuration()
    {
        var lines = new ConcurrentQueue<(string Resource, string Line)>();
        NotifyStackOptions defaults = NotifyStackOptions.Default;
        NotifyStack stack = await NotifyStack.StartAsync(defaults with
        {
            Sandbox = defaults.Sandbox with { ProjectPath = EchoService.ProjectPath },
            Ingest = defaults.Ingest with { ProjectPath = EchoService.ProjectPath },
            Dispatcher = defaults.Dispatcher with
            {
                ProjectPath = EchoService.ProjectPath,
                Environment = new Dictionary<string, string> { ["Notify__Providers__Twilio__BaseUrl"] = "https://api.twilio.com" },
            },
            Dispatchers = 3,
            OtlpEndpoint = new Uri("http://127.0.0.1:4317"),
            Output = (resource, line) => lines.Enqueue((resource, line)),
        });
        int[] pids = [.. stack.Resources.Select(resource => resource.ProcessId!.Value)];
        string sandbox = $"http://127.0.0.1:{stack.Sandbox.Port}";
        IReadOnlyDictionary<string, string> ingest;
        IReadOnlyDictionary<string, string> dispatcher;
        await using (stack)
        {
            ingest = await EchoService.EnvironmentOfAsync(stack.Ingest);
            dispatcher = await EchoService.EnvironmentOfAsync(stack.Dispatchers[2]);

            Assert.Equal(
                ["nats", "redis", "postgres", "smtp", "sandbox", "ingest", "dispatcher-0", "dispatcher-1", "dispatcher-2"],
                stack.Resources.Select(resource => resource.Name));
            Assert.Equal(stack.Resources.Count, stack.Resources.Select(resource => resource.Port).Distinct().Count());
            Assert.Equal(["sandbox", "ingest", "dispatcher-0", "dispatcher-1", "dispatcher-2"], stack.Services.Select(service => service.Name));
        }

        Assert.All(pids, pid => Assert.False(ProcessTable.IsAlive(pid), $"process {pid} is gone"));
        AssertStartedInOrder([.. lines]);

        Assert.Equal(stack.Infrastructure.Environment["ConnectionStrings__nats"], ingest["ConnectionStrings__nats"]);
        Assert.Equal(stack.Infrastructure.Environment["ConnectionStrings__redis"], ingest["ConnectionStrings__redis"]);
        Assert.Equal(stack.Infrastructure.Environment["ConnectionStrings__notifydb"], ingest["ConnectionStrings__notifydb"]);
        Assert.False(ingest.ContainsKey("ConnectionStrings__smtp"), "Ingest does not send mail");
        Assert.Equal(sandbox, ingest["services__sandbox__http__0"]);
        Assert.Equal(NotifyStack.DevelopmentApiKey, ingest["Notify__ApiKeys__Bootstrap__0__Key"]);
        Assert.Equal("dev", ingest["Notify__ApiKeys__Bootstrap__0__Tenant"]);
        Assert.Equal(
            ["send", "read", "admin"],
            [ingest["Notify__ApiKeys__Bootstrap__0__Scopes__0"], ingest["Notify__ApiKeys__Bootstrap__0__Scopes__1"], ingest["Notify__ApiKeys__Bootstrap__0__Scopes__2"]]);
        Assert.Equal("ingest", ingest["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://127.0.0.1:4317", ingest["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        Assert.Equal(stack.Infrastructure.Environment["ConnectionStrings__smtp"], dispatcher["ConnectionStrings__smtp"]);
        Assert.Equal(stack.Infrastructure.Environment["ConnectionStrings__notifydb"], dispatcher["ConnectionStrings__notifydb"]);
        Assert.Equal(sandbox, dispatcher["services__sandbox__http__0"]);
        // Named as a resource: service discovery resolves it through services__sandbox__http__0.
        Assert.Equal("http://sandbox", dispatcher["Notify__Providers__Fcm__BaseUrl"]);
        Assert.Equal("https://api.twilio.com", dispatcher["Notify__Providers__Twilio__BaseUrl"]);
        Assert.False(dispatcher.ContainsKey("Notify__ApiKeys__Bootstrap__0__Key"), "the API key is Ingest's alone");
        Assert.Equal("dispatcher", dispatcher["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=dispatcher-2", dispatcher["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal($"http://127.0.0.1:{stack.Dispatchers[2].Port}", dispatcher["ASPNETCORE_URLS"]);
    }

    [Fact]
    public async Task Stack_with_a_service_that_is_not_built_fails_before_starting_anything_else_and_says_how_to_build_it()
    {
        var lines = new ConcurrentQueue<string>();
        NotifyStackOptions defaults = NotifyStackOptions.Default;
        var options = defaults with
        {
            Sandbox = defaults.Sandbox with { ProjectPath = EchoService.ProjectPath },
            Ingest = defaults.Ingest with { ProjectPath = EchoService.ProjectPath, Configuration = "NeverBuilt" },
            Dispatcher = defaults.Dispatcher with { ProjectPath = EchoService.ProjectPath },
            Dispatchers = 1,
            Output = (resource, line) => lines.Enqueue($"[{resource}] {line}"),
        };

        ProjectNotBuiltException exception = await Assert.ThrowsAsync<ProjectNotBuiltException>(() => NotifyStack.StartAsync(options));

        Assert.Equal("ingest", exception.ResourceName);
        Assert.Contains("-c NeverBuilt", exception.BuildCommand);
        Assert.Empty(lines);
    }

    /// <summary>Every sandbox line after the servers were ready, every Ingest and dispatcher line after the sandbox listened.</summary>
    private static void AssertStartedInOrder(IReadOnlyList<(string Resource, string Line)> lines)
    {
        int natsReady = FirstIndex(lines, line => line.Resource == "nats" && line.Line.Contains("Server is ready", StringComparison.Ordinal));
        int sandboxFirst = FirstIndex(lines, line => line.Resource == "sandbox");
        int sandboxListening = FirstIndex(lines, line => line.Resource == "sandbox" && line.Line.Contains("Now listening on", StringComparison.Ordinal));
        int servicesFirst = FirstIndex(lines, line => line.Resource is "ingest" || line.Resource.StartsWith("dispatcher-", StringComparison.Ordinal));

        Assert.True(natsReady < sandboxFirst, "the sandbox starts once the servers are ready");
        Assert.True(sandboxListening < servicesFirst, "Ingest and the dispatchers start once the sandbox is ready");
    }

    private static int FirstIndex(IReadOnlyList<(string Resource, string Line)> lines, Func<(string Resource, string Line), bool> match)
    {
        for (int index = 0; index < lines.Count; index++)
        {
            if (match(lines[index]))
            {
                return index;
            }
        }

        throw new InvalidOperationException("no such line in the stack's output");
    }
}
