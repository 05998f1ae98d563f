namespace Notify.ServiceDefaults.Health;

/// <summary>Tags that sort health checks into the probes.</summary>
public static class HealthTags
{
    /// <summary>Checks that say the process itself works; <c>/alive</c> runs only these (a liveness probe).</summary>
    public const string Live = "live";

    /// <summary>Checks of a dependency the service needs to do its work (NATS, PostgreSQL, Redis).</summary>
    public const string Ready = "ready";
}
