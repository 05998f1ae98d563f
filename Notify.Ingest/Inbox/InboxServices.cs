using Microsoft.Extensions.Options;
using Notify.Core.Storage;
using NATS.Client.Core;

namespace Notify.Ingest.Inbox;

/// <summary>What the inbox handlers need, gathered for <c>[AsParameters]</c>.</summary>
public readonly record struct InboxServices(InboxStore Store, InboxReplay Replay, INatsConnection Nats, IOptions<InboxOptions> Options, ILogger<InboxEventStream> Logger);
