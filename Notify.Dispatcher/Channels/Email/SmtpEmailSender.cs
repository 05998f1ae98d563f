using System.Net.Mail;
using System.Text;
using Notify.Core.Notifications;

namespace Notify.Dispatcher.Channels.Email;

/// <summary>
/// Email over SMTP. SMTP has no idempotency key, so the Message-ID is derived from the delivery's key (receivers and
/// mail stores can tell a retry's duplicate) and the dispatcher's sent markers guard against a second send.
/// A message with HTML goes as multipart/alternative (plain text, then HTML).
/// Reply codes 5xx are permanent (mailbox unavailable, rejected); 4xx and connection failures are retried. Emails of
/// types users may opt out of carry one-click unsubscribe headers (RFC 8058).
/// </summary>
public sealed class SmtpEmailSender(SmtpOptions options, UnsubscribeLinks unsubscribe) : IChannelSender
{
    /// <inheritdoc />
    public Channel Channel => Channel.Email;

    /// <inheritdoc />
    public string Provider => "smtp";

    /// <inheritdoc />
    public async ValueTask<SendOutcome> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var messageId = $"<{request.IdempotencyKey}@notify>";
        if (!MailAddress.TryCreate(request.Contacts.Email, out var to))
            return SendOutcome.Reject(Provider, "invalid email address");
        using var mail = new MailMessage(new MailAddress(options.From), to)
        {
            Subject = request.Content.Title,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            Body = request.Content.Body,
        };
        // With HTML: multipart/alternative, the text part first and the HTML last (the one mail readers prefer).
        if (request.Content.Html is { } html)
            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(html, Encoding.UTF8, "text/html"));
        mail.Headers.Add("Message-ID", messageId);
        mail.Headers.Add("X-Notify-Notification-Id", request.Notification.Id.ToString());
        if (unsubscribe.For(request.Notification) is { } headers)
        {
            mail.Headers.Add("List-Unsubscribe", headers.ListUnsubscribe);
            mail.Headers.Add("List-Unsubscribe-Post", headers.ListUnsubscribePost);
        }
        using var client = new SmtpClient(options.Host, options.Port) { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.SendMailAsync(mail, cancellationToken);
            return SendOutcome.Success(Provider, messageId);
        }
        catch (SmtpFailedRecipientException ex) when ((int)ex.StatusCode >= 500)
        {
            return SendOutcome.Reject(Provider, $"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (SmtpException ex) when ((int)ex.StatusCode >= 500 && ex.InnerException is null)
        {
            return SendOutcome.Reject(Provider, $"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpException or IOException or System.Net.Sockets.SocketException && !cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Retry(Provider, ex.Message);
        }
    }
}
