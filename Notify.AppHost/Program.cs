using Notify.AppHost;
using Notify.AppHost.Hosting;

AppHostCommandLine commandLine;
try
{
    commandLine = AppHostCommandLine.Parse(args, RepositoryLayout.DefaultStateDirectory());
}
catch (FormatException exception)
{
    await Console.Error.WriteLineAsync($"error: {exception.Message}{Environment.NewLine}{Environment.NewLine}{AppHostCommandLine.Usage}");
    return 2;
}

if (commandLine.ShowHelp)
{
    Console.WriteLine(AppHostCommandLine.Usage);
    return 0;
}

var console = new ResourceConsole();
using var shutdown = new ShutdownSignal();
return await AppHostRun.RunAsync(commandLine.Stack with { Output = console.WriteLine }, console, shutdown);
