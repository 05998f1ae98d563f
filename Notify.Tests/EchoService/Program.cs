// A stand-in service for the launcher's tests, independent of Notify's own services: it answers /health with
// the status configured in Echo:HealthStatus (200 unless told otherwise), /alive with 200, and /environment
// with every environment variable it was started with.
using System.Collections;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
WebApplication app = builder.Build();
int healthStatus = app.Configuration.GetValue("Echo:HealthStatus", StatusCodes.Status200OK);

app.MapGet("/health", () => Results.Text("Healthy", statusCode: healthStatus));
app.MapGet("/alive", () => Results.Text("Healthy"));
app.MapGet("/environment", () => Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value));

app.Run();
