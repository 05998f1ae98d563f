using Notify.Ingest.Telemetry;

namespace Notify.Ingest.Notifications;

/// <summary>What the notification handlers need, gathered for <c>[AsParameters]</c>.</summary>
public readonly record struct NotificationServices(NotificationValidator Validator, NotificationAcceptor Acceptor, IngestMetrics Metrics);
