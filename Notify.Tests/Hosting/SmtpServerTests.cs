using System.Net.Mail;
using System.Text;
using Notify.AppHost.Hosting;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

public sealed class SmtpServerTests
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Mail_sent_over_SMTP_lands_in_the_maildir_with_headers_and_body_decoded()
    {
        SmtpServer smtp = (await SharedInfrastructure.GetAsync()).Smtp;
        string subject = $"Order {TestNames.Unique("order")} is on its way ✓";
        using var message = new MailMessage("orders@notify.test", "customer@example.test", subject, "Your courier Zoë is 5 minutes away.")
        {
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        using var client = new SmtpClient("127.0.0.1", smtp.Port);

        await client.SendMailAsync(message);

        ReceivedMail mail = await Eventually.ValueAsync(
            () => smtp.Mailbox.ReadMessages().FirstOrDefault(received => received.Subject == subject),
            DeliveryTimeout,
            "the message reaches the Maildir");
        Assert.Equal("orders@notify.test", mail.From);
        Assert.Equal("customer@example.test", mail.To);
        Assert.Equal("orders@notify.test", mail.EnvelopeSender);
        Assert.Equal(["customer@example.test"], mail.EnvelopeRecipients);
        Assert.Equal("Your courier Zoë is 5 minutes away.", mail.Body.TrimEnd());
        Assert.StartsWith(smtp.Mailbox.NewDirectory, mail.FilePath);
    }

    [Fact]
    public async Task Smtp_greets_on_a_free_port_and_has_an_endpoint_connection_string()
    {
        SmtpServer smtp = (await SharedInfrastructure.GetAsync()).Smtp;

        Assert.NotEqual(2525, smtp.Port);
        Assert.Equal($"Endpoint=smtp://127.0.0.1:{smtp.Port}", smtp.ConnectionString);
        IReadOnlyDictionary<string, string> environment = smtp.GetEnvironmentVariables();
        Assert.Equal(smtp.ConnectionString, environment["ConnectionStrings__smtp"]);
        Assert.Equal(smtp.Port.ToString(), environment["SMTP_PORT"]);
    }

    [Fact]
    public void Encoded_headers_and_quoted_printable_bodies_are_decoded()
    {
        const string raw = "Subject: =?utf-8?B?UsOpc3Vtw6k=?=\n =?utf-8?Q?_du_jour?=\nContent-Type: text/plain; charset=utf-8\n" +
            "Content-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9 cr=C3=A8me, a long line that is =\nsoft-broken.\n";

        ReceivedMail mail = ReceivedMail.Parse("/maildir/new/1", raw);

        Assert.Equal("Résumé du jour", mail.Subject);
        Assert.Equal("Café crème, a long line that is soft-broken.\n", mail.Body);
    }
}
