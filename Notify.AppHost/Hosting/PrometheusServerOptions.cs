namespace Notify.AppHost.Hosting;

/// <summary>How to run Debian's <c>prometheus</c> over the stack's services.</summary>
public sealed record PrometheusServerOptions : ProcessResourceOptions
{
    /// <summary>A free port, a temporary directory, a 5 s scrape interval.</summary>
    public static PrometheusServerOptions Default { get; } = new();

    /// <inheritdoc />
    public override string Name { get; init; } = "prometheus";

    /// <summary>How often every target is scraped.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(5);
}
