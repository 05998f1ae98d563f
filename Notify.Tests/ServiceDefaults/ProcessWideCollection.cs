namespace Notify.Tests.ServiceDefaults;

/// <summary>
/// Tests that change process-wide state (environment variables, <see cref="Console.Out"/>): xunit runs this
/// collection on its own, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "Process-wide state";
}
