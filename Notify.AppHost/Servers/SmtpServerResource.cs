using Aspire.Hosting.ApplicationModel;

namespace Notify.AppHost.Servers;

/// <summary>
/// A local SMTP server that keeps every message it receives in a Maildir (aiosmtpd's Mailbox handler), so what the
/// dispatchers sent can be read back. Connection string <c>smtp://host:port</c>, as Notify's email sender reads it.
/// </summary>
/// <param name="name">The resource name (<c>smtp</c>).</param>
/// <param name="command">The aiosmtpd program.</param>
/// <param name="workingDirectory">Its state directory; the Maildir is <see cref="MaildirPath"/>.</param>
public sealed class SmtpServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The SMTP endpoint's name.</summary>
    public const string PrimaryEndpointName = "smtp";

    /// <summary>The SMTP endpoint.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, PrimaryEndpointName);

    /// <summary>The Maildir every received message is written to (one file per message under <c>new/</c>).</summary>
    public string MaildirPath => Path.Combine(WorkingDirectory, "maildir");

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"smtp://{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
