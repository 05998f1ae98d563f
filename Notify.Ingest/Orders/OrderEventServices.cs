using Notify.Core.Notifications;
using Notify.Ingest.Notifications;
using Notify.Ingest.Telemetry;

namespace Notify.Ingest.Orders;

/// <summary>What the order event handler needs, gathered for <c>[AsParameters]</c>.</summary>
public readonly record struct OrderEventServices(OrderEventMap Map, NotificationValidator Validator, NotificationAcceptor Acceptor, IngestMetrics Metrics);
