using Notify.Sandbox;
using Notify.ServiceDefaults.Configuration;

var app = SandboxApplication.Create(args);
if (!StartupConfiguration.IsValid(app, Console.Error))
    return 1;

return await StartupConfiguration.RunToExitCodeAsync(app);
