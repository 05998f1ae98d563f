using Aspire.Hosting.Testing;
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

    /// <summary>Deliveries each dispatcher replica runs at once (<c>Notify:Dispatcher:MaxConcurrency</c>).</summary>
    public const int MaxConcurrency = 8;

    /// <inheritdoc />
    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        // Both create the consumers (whichever starts first), so both get the same ack wait.
        SetEnvironment(builder, "ingest", "Notify__Streams__AckWait", AckWait.ToString("c"));
        SetEnvironment(builder, "dispatcher", "Notify__Streams__AckWait", AckWait.ToString("c"));
        SetEnvironment(builder, "dispatcher", "Notify__Dispatcher__MaxConcurrency", MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
        SetEnvironment(builder, "dispatcher", "Notify__Dispatcher__Prefetch__Critical", "32");
    }
}
