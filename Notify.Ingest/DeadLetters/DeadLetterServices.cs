using Notify.Core.Storage;

namespace Notify.Ingest.DeadLetters;

/// <summary>What the dead-letter handlers need, gathered for <c>[AsParameters]</c>.</summary>
public readonly record struct DeadLetterServices(DeadLetterStore Store, DeadLetterReplayer Replayer);
