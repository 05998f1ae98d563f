namespace Notify.Core.Messaging;

/// <summary>
/// What one dispatcher replica says about its providers' circuit breakers, published every few seconds on
/// <see cref="Subjects.CircuitReport"/>. States are <see cref="Closed"/>, <see cref="HalfOpen"/> and <see cref="Open"/>;
/// a replica that stops reporting is gone.
/// </summary>
/// <param name="Replica">The replica (its <c>service.instance.id</c>, or host and process).</param>
/// <param name="At">When the replica took the snapshot.</param>
/// <param name="Circuits">State per provider the replica has called so far.</param>
public sealed record CircuitReport(string Replica, DateTimeOffset At, IReadOnlyDictionary<string, string> Circuits)
{
    /// <summary>Calls flow.</summary>
    public const string Closed = "closed";

    /// <summary>A trial call decides.</summary>
    public const string HalfOpen = "half-open";

    /// <summary>The provider counts as down.</summary>
    public const string Open = "open";

    /// <summary>How bad a state is: closed 0, half-open 1, open 2 (unknown names count as open).</summary>
    public static int Severity(string state) => state switch
    {
        Closed => 0,
        HalfOpen => 1,
        _ => 2,
    };
}
