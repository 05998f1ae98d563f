using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notify.AppHost;
using Notify.AppHost.Servers;

IDistributedApplicationBuilder builder = DistributedApplication.CreateBuilder(args);
StackSettings settings;
NotifyServers servers;
try
{
    settings = StackSettings.From(builder.Configuration, builder.AppHostDirectory);
    servers = builder.ExecutionContext.IsPublishMode
        ? NotifyServers.AddContainers(builder)
        : NotifyServers.AddLocal(builder, settings);
}
catch (Exception exception) when (exception is InvalidOperationException or MissingServerProgramException)
{
    await Console.Error.WriteLineAsync($"error: {exception.Message}");
    return 1;
}

if (!settings.ServersOnly)
{
    NotifyServices.Add(builder, settings, servers);
}

await builder.Build().RunAsync();
return 0;
