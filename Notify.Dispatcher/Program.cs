using Notify.Dispatcher;
using Notify.ServiceDefaults.Configuration;

var app = DispatcherApplication.Create(args);
if (!StartupConfiguration.IsValid(app, Console.Error))
    return 1;

return await StartupConfiguration.RunToExitCodeAsync(app);
