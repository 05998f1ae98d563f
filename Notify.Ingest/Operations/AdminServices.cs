using Notify.Core.Messaging;
using NATS.Client.Core;

namespace Notify.Ingest.Operations;

/// <summary>What the admin handlers need, gathered for <c>[AsParameters]</c>.</summary>
public readonly record struct AdminServices(PriorityPolicyStore Policies, OpsSummaryReader Summary, SummaryStream Stream, INatsConnection Nats);
