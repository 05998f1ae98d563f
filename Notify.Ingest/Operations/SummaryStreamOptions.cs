namespace Notify.Ingest.Operations;

/// <summary>The ops summary's live stream (<c>Notify:OpsConsole</c>).</summary>
public sealed record SummaryStreamOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:OpsConsole";

    /// <summary>
    /// A new summary is sent after this long without recorded statuses: the backlog and the circuits change without
    /// them, and the window moves on. It also keeps proxies from closing an idle stream.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Summaries of one stream are at least this far apart, however often statuses are recorded.</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(1);
}
