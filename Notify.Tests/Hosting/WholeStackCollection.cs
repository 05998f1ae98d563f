namespace Notify.Tests.Hosting;

/// <summary>
/// Tests that run the AppHost executable, and with it the whole stack as separate processes, against a start
/// timeout: xunit runs this collection on its own, after the parallel ones. Started in the middle of the suite,
/// eight processes compiling their code beside every other test's servers took more than two minutes on two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeStackCollection
{
    public const string Name = "Whole stack";
}
