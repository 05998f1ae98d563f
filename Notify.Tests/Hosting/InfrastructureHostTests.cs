using Notify.AppHost.Hosting;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

public sealed class InfrastructureHostTests
{
    [Fact]
    public async Task Shared_host_gives_the_Aspire_environment_of_all_four_servers()
    {
        InfrastructureHost host = await SharedInfrastructure.GetAsync();

        IReadOnlyDictionary<string, string> environment = host.Environment;

        Assert.Equal(["nats", "redis", "postgres", "smtp"], host.Resources.Select(resource => resource.Name));
        Assert.All(host.Resources, resource => Assert.True(resource.IsRunning, resource.Name));
        Assert.Equal(4, host.Resources.Select(resource => resource.Port).Distinct().Count());
        Assert.Matches(@"^nats://127\.0\.0\.1:\d+$", environment["ConnectionStrings__nats"]);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", environment["ConnectionStrings__redis"]);
        Assert.Matches(@"^Host=127\.0\.0\.1;Port=\d+;Username=postgres;Password=\w+;Database=notifydb$", environment["ConnectionStrings__notifydb"]);
        Assert.Matches(@"^Endpoint=smtp://127\.0\.0\.1:\d+$", environment["ConnectionStrings__smtp"]);
        Assert.Equal(host.Nats.Port.ToString(), environment["NATS_PORT"]);
    }

    [Fact]
    public async Task Host_with_some_resources_starts_only_those_and_disposes_them_without_leftovers()
    {
        InfrastructureHost host = await InfrastructureHost.StartAsync(
            new InfrastructureOptions { Resources = InfrastructureResources.Nats | InfrastructureResources.Redis });
        int[] pids = host.Resources.Select(resource => resource.ProcessId!.Value).ToArray();
        string[] states = host.Resources.Select(resource => resource.StateDirectory).ToArray();

        Assert.Equal(["nats", "redis"], host.Resources.Select(resource => resource.Name));
        Assert.Throws<InvalidOperationException>(() => host.Postgres);
        await host.DisposeAsync();

        Assert.All(pids, pid => Assert.False(ProcessTable.IsAlive(pid)));
        Assert.All(states, state => Assert.False(Directory.Exists(state)));
    }

    [Fact]
    public async Task Host_state_directory_gives_each_server_a_subdirectory_named_after_it()
    {
        string state = Path.Combine(Path.GetTempPath(), TestNames.Unique("notify_test_hoststate"));
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        try
        {
            await using (InfrastructureHost host = await InfrastructureHost.StartAsync(new InfrastructureOptions
            {
                Resources = InfrastructureResources.Nats | InfrastructureResources.Smtp,
                StateDirectory = state,
                Output = (resource, line) => lines.Enqueue($"[{resource}] {line}"),
            }))
            {
                Assert.Equal(Path.Combine(state, "nats"), host.Nats.StoreDirectory);
                Assert.Equal(Path.Combine(state, "smtp", "maildir"), host.Smtp.Mailbox.Path);
            }

            Assert.True(Directory.Exists(Path.Combine(state, "nats", "jetstream")), "a given state directory is kept");
            Assert.Contains(lines, line => line.StartsWith("[nats] ", StringComparison.Ordinal) && line.Contains("Server is ready"));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
