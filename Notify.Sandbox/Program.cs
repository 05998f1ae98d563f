using Notify.Sandbox;

var app = SandboxApplication.Create(args);
app.Run();
