using Notify.Dispatcher;

var app = DispatcherApplication.Create(args);
await app.RunAsync();
