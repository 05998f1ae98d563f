using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Notifications;
using Notify.Core.Users;
using Notify.Dispatcher.Channels;
using Notify.Dispatcher.Channels.Email;
using Notify.Dispatcher.Content;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Dispatcher;

/// <summary>The email sender against the real (plain) SMTP server: connections reused, TLS never silently dropped.</summary>
public sealed class SmtpEmailSenderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static async Task<(SharedServers Servers, SmtpOptions Options)> ServerAsync()
    {
        var servers = await SharedInfrastructure.GetAsync();
        var smtp = new Uri(servers.Smtp);
        return (servers, new SmtpOptions { Host = smtp.Host, Port = smtp.Port });
    }

    private static SmtpEmailSender Sender(SmtpOptions options, SmtpConnectionPool pool) =>
        new(options, new UnsubscribeLinks(new UnsubscribeOptions(), new NotificationTypeCatalog()), pool);

    private static DeliveryRequest Request(string to, string title) =>
        new(DispatcherHarness.Notification(TestNames.Unique("user"), channels: [Channel.Email]),
            new UserContacts(to, null, null, null), new DeliveryContent(title, "Your order is on its way."), Channel.Email);

    [Fact]
    public async Task Several_emails_share_one_SMTP_connection()
    {
        var (smtp, options) = await ServerAsync();
        await using var pool = new SmtpConnectionPool(options, NullLogger<SmtpConnectionPool>.Instance);
        var sender = Sender(options, pool);
        var subject = TestNames.Unique("pooled");

        for (var i = 0; i < 5; i++)
        {
            var outcome = await sender.SendAsync(Request($"pooled{i}@example.com", $"{subject} {i}"), CancellationToken.None);
            Assert.Equal(SendResult.Sent, outcome.Result);
        }

        await Eventually.UntilAsync(() => smtp.Mailbox.ReadMessages().Count(m => m.Subject?.StartsWith(subject, StringComparison.Ordinal) == true) == 5,
            Deadline, "the five messages reach the Maildir");
        Assert.Equal(1, pool.ConnectionsOpened);
    }

    [Fact]
    public async Task StartTls_against_a_relay_without_it_fails_for_a_retry_and_sends_nothing_in_clear()
    {
        var (smtp, plain) = await ServerAsync();
        var options = plain with { SecureSocket = SmtpSecureSocket.StartTls };
        await using var pool = new SmtpConnectionPool(options, NullLogger<SmtpConnectionPool>.Instance);
        var sender = Sender(options, pool);
        var subject = TestNames.Unique("cleartext");

        var outcome = await sender.SendAsync(Request("tls@example.com", subject), CancellationToken.None);

        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.Contains("STARTTLS", outcome.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, pool.ConnectionsOpened);
        Assert.DoesNotContain(smtp.Mailbox.ReadMessages(), m => m.Subject == subject);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("user@")]
    [InlineData("")]
    public async Task An_unusable_address_fails_for_good_without_reaching_the_relay(string email)
    {
        var (_, options) = await ServerAsync();
        await using var pool = new SmtpConnectionPool(options, NullLogger<SmtpConnectionPool>.Instance);

        var outcome = await Sender(options, pool).SendAsync(Request(email, "nowhere"), CancellationToken.None);

        Assert.Equal((SendResult.Permanent, "invalid email address"), (outcome.Result, outcome.Error));
        Assert.Equal(0, pool.ConnectionsOpened);
    }
}
