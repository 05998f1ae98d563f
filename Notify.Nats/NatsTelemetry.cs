using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Notify.Nats;

/// <summary>
/// Names and helpers for tracing and metrics, as NATS.Net emits them: ActivitySource and Meter <c>NATS.Net</c>,
/// OpenTelemetry messaging tags, W3C trace context carried in the <c>traceparent</c>/<c>tracestate</c> headers.
/// </summary>
public static class NatsTelemetry
{
    /// <summary>Name of the ActivitySource and the Meter.</summary>
    public const string SourceName = "NATS.Net";

    private static readonly string? Version = typeof(NatsTelemetry).Assembly.GetName().Version?.ToString();
    internal static readonly ActivitySource Source = new(SourceName, Version);
    private static readonly Meter Meter = new(SourceName, Version);
    private static readonly KeyValuePair<string, object?>[] SystemTag = [new("messaging.system", "nats")];
    private static long _sentMessages, _sentBytes, _receivedMessages, _receivedBytes;

    static NatsTelemetry()
    {
        // Observable counters read plain fields, so counting costs the hot path one interlocked add and no tag arrays.
        Meter.CreateObservableCounter("messaging.client.sent.messages", () => new Measurement<long>(Interlocked.Read(ref _sentMessages), SystemTag), "{message}", "Messages published");
        Meter.CreateObservableCounter("messaging.client.sent.bytes", () => new Measurement<long>(Interlocked.Read(ref _sentBytes), SystemTag), "By", "Bytes published (headers and payload)");
        Meter.CreateObservableCounter("messaging.client.consumed.messages", () => new Measurement<long>(Interlocked.Read(ref _receivedMessages), SystemTag), "{message}", "Messages received");
        Meter.CreateObservableCounter("messaging.client.consumed.bytes", () => new Measurement<long>(Interlocked.Read(ref _receivedBytes), SystemTag), "By", "Bytes received (headers and payload)");
    }

    internal static void CountSent(int bytes)
    {
        Interlocked.Increment(ref _sentMessages);
        Interlocked.Add(ref _sentBytes, bytes);
    }

    internal static void CountReceived(int bytes)
    {
        Interlocked.Increment(ref _receivedMessages);
        Interlocked.Add(ref _receivedBytes, bytes);
    }

    /// <summary>Starts the producer span of a publish when anyone listens, and writes the trace context into the headers.</summary>
    internal static Activity? StartPublish(string subject, int bodySize, string serverAddress, int serverPort, ref NatsHeaders? headers)
    {
        Activity? activity = null;
        if (Source.HasListeners())
        {
            activity = Source.StartActivity($"{subject} publish", ActivityKind.Producer);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag("messaging.system", "nats");
                activity.SetTag("messaging.operation.type", "send");
                activity.SetTag("messaging.operation.name", "publish");
                activity.SetTag("messaging.destination.name", subject);
                activity.SetTag("messaging.message.body.size", bodySize);
                activity.SetTag("server.address", serverAddress);
                activity.SetTag("server.port", serverPort);
            }
        }
        var context = activity ?? Activity.Current;
        if (context is not null && context.IdFormat == ActivityIdFormat.W3C)
        {
            headers = headers?.Copy() ?? new NatsHeaders();
            headers["traceparent"] = context.Id!;
            if (!string.IsNullOrEmpty(context.TraceStateString))
                headers["tracestate"] = context.TraceStateString;
        }
        return activity;
    }

    /// <summary>The trace context a publisher put into <paramref name="headers"/>, if any.</summary>
    public static bool TryGetParentContext(NatsHeaders? headers, out ActivityContext context)
    {
        context = default;
        if (headers is null || !headers.TryGetValue("traceparent", out var traceParent))
            return false;
        headers.TryGetValue("tracestate", out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out context);
    }

    /// <summary>
    /// Starts a consumer span for work on <paramref name="msg"/>, child of the publisher's span carried in its
    /// headers; null when nobody listens.
    /// </summary>
    public static Activity? StartProcessActivity(this NatsMsg msg, string operation = "process", string? consumer = null)
    {
        if (!Source.HasListeners())
            return null;
        TryGetParentContext(msg.Headers, out var parent);
        var activity = Source.StartActivity($"{msg.Subject} {operation}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "nats");
            activity.SetTag("messaging.operation.type", operation);
            activity.SetTag("messaging.destination.name", msg.Subject);
            activity.SetTag("messaging.message.body.size", msg.Data.Length);
            if (consumer is not null)
                activity.SetTag("messaging.consumer.group.name", consumer);
        }
        return activity;
    }
}
