namespace Notify.Bench.Scenarios;

/// <summary>Every scenario the bench knows; a new scenario is one file under Scenarios/ and one line here.</summary>
internal static class ScenarioRegistry
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        NatsPublishScenario.Definition,
        NatsConsumeScenario.Definition,
        IngestScenario.Definition,
        E2eScenario.Definition,
        PriorityScenario.Definition,
        ChaosScenario.Definition,
        ClusterScenario.Definition,
        StatusWriterScenario.Definition,
    ];

    public static Scenario? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
