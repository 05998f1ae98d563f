namespace Notify.Ingest.Templates;

/// <summary>Bounds on templates (<c>Notify:Templates</c>).</summary>
public sealed record TemplateOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Templates";

    /// <summary>Most segments an SMS text may cost with its variables empty; more is refused when the template is saved.</summary>
    public int MaxSmsSegments { get; init; } = 3;

    /// <summary>Largest template body, as sent.</summary>
    public int MaxBodyBytes { get; init; } = 512 * 1024;

    /// <summary>How long to wait before loading the templates' variables again after PostgreSQL failed, at most.</summary>
    public TimeSpan MaxReloadDelay { get; init; } = TimeSpan.FromSeconds(30);
}
