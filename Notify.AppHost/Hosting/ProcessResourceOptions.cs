namespace Notify.AppHost.Hosting;

/// <summary>What every process-backed resource can be told: name, port, where to keep state, time limits.</summary>
public abstract record ProcessResourceOptions
{
    /// <summary>
    /// The Aspire resource name: the <c>[name]</c> log prefix, and the key of its configuration
    /// (<c>ConnectionStrings__name</c>, <c>NAME_HOST</c>, …).
    /// </summary>
    public abstract string Name { get; init; }

    /// <summary>The main TCP port on 127.0.0.1; null picks a free one (kept across restarts).</summary>
    public int? Port { get; init; }

    /// <summary>
    /// Where the resource keeps its files, kept between runs; null makes a temporary directory that is deleted
    /// on dispose.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>How long preparation plus the readiness probe may take before the start fails.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a graceful stop may take before the process is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Receives every output line of the resource's processes, with the resource name.</summary>
    public Action<string, string>? Output { get; init; }

    /// <summary>Directories searched for the resource's programs; null means <c>PATH</c> plus the usual install places.</summary>
    public IReadOnlyList<string>? ExecutableSearchPath { get; init; }
}
