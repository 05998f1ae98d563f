using Notify.AppHost.Hosting;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// One set of real servers (nats, redis, postgres, smtp) for the whole test run, started on first use on free
/// ports with temporary state, and stopped when the test process exits. Test classes run in parallel against
/// it, so they keep apart by name: <see cref="TestNames.Unique"/> for streams, subjects and keys, and a database
/// of their own (<see cref="PostgresDatabaseFixture"/>).
/// </summary>
/// <remarks>xunit 2 has no assembly fixtures; a lazy static plus <see cref="AppDomain.ProcessExit"/> plays that role.</remarks>
public static class SharedInfrastructure
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<Task<InfrastructureHost>> Host = new(StartAsync);

    /// <summary>The started servers (the first call starts them; a failed start fails every caller with its reason).</summary>
    public static Task<InfrastructureHost> GetAsync() => Host.Value;

    private static async Task<InfrastructureHost> StartAsync()
    {
        InfrastructureHost host = await InfrastructureHost.StartAsync(InfrastructureOptions.Default);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // ProcessExit handlers are synchronous: waiting here is the only way to stop the servers cleanly
            // (were it skipped, the parent-death signal would still kill them, but not remove their state).
            if (!host.DisposeAsync().AsTask().Wait(ShutdownTimeout))
            {
                Console.Error.WriteLine($"shared test servers did not stop within {ShutdownTimeout.TotalSeconds} s");
            }
        };
        return host;
    }
}
