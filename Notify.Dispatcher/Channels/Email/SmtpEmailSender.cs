using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Notify.Core.Notifications;

namespace Notify.Dispatcher.Channels.Email;

/// <summary>
/// Email over SMTP, on the connections of <see cref="SmtpConnectionPool"/>. SMTP has no idempotency key, so the Message-ID
/// is derived from the delivery's key (receivers and mail stores can tell a retry's duplicate) and the dispatcher's sent
/// markers guard against a second send. A message with HTML goes as multipart/alternative (plain text, then HTML).
/// Reply codes 5xx are permanent (mailbox unavailable, rejected); 4xx, connection failures and a relay that lacks the
/// configured STARTTLS or authentication are retried (the fault is the relay's or its settings', not the message's).
/// Emails of types users may opt out of carry one-click unsubscribe headers (RFC 8058).
/// </summary>
public sealed class SmtpEmailSender(SmtpOptions options, UnsubscribeLinks unsubscribe, SmtpConnectionPool pool) : IChannelSender
{
    // MimeKit takes a bare "user" as an address by default; refusing it here spares the relay a doomed transaction.
    private static readonly ParserOptions StrictAddresses = new() { AllowAddressesWithoutDomain = false };

    private readonly MailboxAddress _from = MailboxAddress.Parse(options.From);

    /// <inheritdoc />
    public Channel Channel => Channel.Email;

    /// <inheritdoc />
    public string Provider => "smtp";

    /// <inheritdoc />
    public async ValueTask<SendOutcome> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var messageId = $"<{request.IdempotencyKey}@notify>";
        if (!TryAddress(request.Contacts.Email, out var to))
            return SendOutcome.Reject(Provider, "invalid email address");
        using var message = Build(request, to, messageId);
        try
        {
            await pool.SendAsync(message, cancellationToken);
            return SendOutcome.Success(Provider, messageId);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return SendOutcome.Reject(Provider, $"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (SmtpCommandException ex)
        {
            return SendOutcome.Retry(Provider, $"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (Exception ex) when (IsRelayFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Retry(Provider, ex.Message);
        }
    }

    private MimeMessage Build(DeliveryRequest request, MailboxAddress to, string messageId)
    {
        var message = new MimeMessage { Subject = request.Content.Title };
        message.From.Add(_from);
        message.To.Add(to);
        message.MessageId = messageId[1..^1]; // MimeKit writes the angle brackets itself
        message.Headers.Add("X-Notify-Notification-Id", request.Notification.Id.ToString());
        if (unsubscribe.For(request.Notification) is { } headers)
        {
            message.Headers.Add("List-Unsubscribe", headers.ListUnsubscribe);
            message.Headers.Add("List-Unsubscribe-Post", headers.ListUnsubscribePost);
        }
        // With HTML: multipart/alternative, the text part first and the HTML last (the one mail readers prefer).
        var body = new BodyBuilder { TextBody = request.Content.Body, HtmlBody = request.Content.Html };
        message.Body = body.ToMessageBody();
        return message;
    }

    private static bool TryAddress(string? email, out MailboxAddress address)
    {
        address = null!;
        if (string.IsNullOrWhiteSpace(email) || !MailboxAddress.TryParse(StrictAddresses, email, out var parsed))
            return false;
        address = parsed;
        return true;
    }

    /// <summary>Failures of the relay or of the way to it, worth another attempt later.</summary>
    private static bool IsRelayFailure(Exception ex) =>
        SmtpConnectionPool.IsBrokenConnection(ex) || ex is TimeoutException or NotSupportedException or AuthenticationException
            or SslHandshakeException or ServiceNotAuthenticatedException;
}
