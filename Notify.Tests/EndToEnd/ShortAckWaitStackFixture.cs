using Notify.AppHost.Hosting;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.EndToEnd;

/// <summary>
/// The stack with a 5 s ack wait, so JetStream hands a killed replica's unacknowledged messages to the survivor within
/// a test's deadline, and dispatchers that take on 8 deliveries at a time, so a burst keeps work in flight on both.
/// </summary>
public sealed class ShortAckWaitStackFixture : NotifyStackFixture
{
    /// <summary>The ack wait of every dispatch consumer.</summary>
    public static readonly TimeSpan AckWait = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string> Streams = new() { ["Notify__Streams__AckWait"] = AckWait.ToString("c") };

    /// <inheritdoc />
    protected override NotifyStackOptions Options { get; } = NotifyStackOptions.Default with
    {
        // Both create the consumers (whichever starts first), so both get the same ack wait.
        Ingest = NotifyStackOptions.Default.Ingest with { Environment = Streams },
        Dispatcher = NotifyStackOptions.Default.Dispatcher with
        {
            Environment = new Dictionary<string, string>(Streams)
            {
                ["Notify__Dispatcher__MaxConcurrency"] = "8",
                ["Notify__Dispatcher__Prefetch__Critical"] = "32",
            },
        },
    };
}
