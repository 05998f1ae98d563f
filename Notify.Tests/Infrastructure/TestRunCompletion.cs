using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Notify.Tests.Infrastructure.TestRunCompletion", "Notify.Tests")]

namespace Notify.Tests.Infrastructure;

/// <summary>
/// xunit's own test framework, plus one step once every test has run and before the run reports itself finished:
/// stopping the <see cref="SharedInfrastructure"/> servers and deleting their state. (The test host is given about
/// 100 ms to exit after that report, too little for the orchestrator to stop four servers cleanly.)
/// </summary>
public sealed class TestRunCompletion(IMessageSink diagnosticMessageSink) : XunitTestFramework(diagnosticMessageSink)
{
    /// <inheritdoc />
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink,
            ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new Runner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class Runner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            try
            {
                await SharedInfrastructure.StopAsync();
            }
            catch (Exception exception)
            {
                Aggregator.Add(exception);
            }

            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
