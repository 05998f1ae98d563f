using Notify.Core.Storage;

namespace Notify.Dispatcher.Retention;

/// <summary>What one retention round did.</summary>
/// <param name="Ran">False when another replica held the retention lock and this one skipped the round.</param>
/// <param name="Deleted">Rows deleted, per table.</param>
/// <param name="Duration">How long the round took.</param>
public sealed record RetentionRound(bool Ran, DeletedHistory Deleted, TimeSpan Duration)
{
    /// <summary>A round skipped because another replica was running one.</summary>
    public static RetentionRound Skipped { get; } = new(false, DeletedHistory.None, TimeSpan.Zero);
}
