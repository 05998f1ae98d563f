namespace Notify.ServiceDefaults.Telemetry;

/// <summary>
/// Registered by a client integration whose settings say <c>DisableTracing</c>: the named built-in activity source
/// is then left out of tracing. (The clients' sources are static, so not listening is the only way to silence them.)
/// </summary>
internal sealed record TracingOptOut(string ActivitySource);
