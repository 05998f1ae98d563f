using Notify.Ingest;
using Notify.ServiceDefaults.Configuration;

var app = IngestApplication.Create(args);
if (!StartupConfiguration.IsValid(app, Console.Error))
    return 1;

return await StartupConfiguration.RunToExitCodeAsync(app);
