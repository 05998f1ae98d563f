namespace Notify.AppHost.Hosting;

/// <summary>How to run the SMTP server (aiosmtpd keeping every message in a Maildir).</summary>
public sealed record SmtpServerOptions : ProcessResourceOptions
{
    /// <summary>A free port and a temporary Maildir.</summary>
    public static SmtpServerOptions Default { get; } = new();

    /// <inheritdoc />
    public override string Name { get; init; } = "smtp";
}
