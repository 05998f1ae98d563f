using System.Runtime.InteropServices;
using Notify.Bench;
using Notify.Bench.Measurement;
using Notify.Bench.Runtime;

var commandLine = BenchCommandLine.Parse(args);
if (commandLine.ShowHelp)
{
    Console.Out.Write(BenchCommandLine.Usage());
    return 0;
}
if (commandLine.Error is not null)
{
    Console.Error.WriteLine($"Notify.Bench: {commandLine.Error}");
    Console.Error.Write(BenchCommandLine.Usage());
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    cancel.Cancel();
});

var log = new BenchLog();
using var sampler = commandLine.Options.AllocTypes ? new AllocationSampler() : null;
TimedSection.Sampler = sampler;
try
{
    foreach (var scenario in commandLine.Scenarios)
    {
        log.Info($"scenario {scenario.Name}");
        await using var context = new BenchContext(commandLine.Options, log);
        var report = await scenario.RunAsync(context, cancel.Token);
        BenchJson.WriteLine(Console.Out, report);
        if (sampler is not null)
        {
            foreach (var (type, share) in sampler.Top(12))
                log.Info($"allocated in timed runs: {share,6:P1} {type}");
            sampler.Clear();
        }
    }
    return 0;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    log.Info("cancelled");
    return 130;
}
catch (Exception ex)
{
    log.Info($"failed: {ex}");
    return 1;
}
