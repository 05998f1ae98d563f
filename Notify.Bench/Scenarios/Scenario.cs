using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// A named benchmark. <see cref="RunAsync"/> gets a fresh <see cref="BenchContext"/> (its servers are stopped
/// when the scenario ends) and returns the report that is printed as one JSON object.
/// </summary>
internal sealed record Scenario(string Name, string Summary, Func<BenchContext, CancellationToken, Task<object>> RunAsync);
