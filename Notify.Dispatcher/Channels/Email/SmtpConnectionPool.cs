using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Notify.Dispatcher.Channels.Email;

/// <summary>
/// A few SMTP connections to the relay, opened on demand and kept for the next message: a handshake (and TLS and
/// authentication) per email would cost more than the email. At most <see cref="SmtpOptions.PoolSize"/> messages are sent
/// at once. A connection that fails in any way is dropped, never reused: its SMTP state is unknown.
/// </summary>
public sealed class SmtpConnectionPool(SmtpOptions options, ILogger<SmtpConnectionPool> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _slots = new(options.PoolSize, options.PoolSize);
    private readonly ConcurrentStack<SmtpClient> _idle = new();
    private int _opened;
    private volatile bool _disposed;

    /// <summary>Connections opened since start; tests read it to tell reuse from a connection per message.</summary>
    internal int ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>Sends <paramref name="message"/> on an idle connection, or a new one when none is idle.</summary>
    /// <exception cref="SmtpCommandException">The relay refused a command (its status code tells whether for good).</exception>
    /// <exception cref="NotSupportedException">The relay lacks what the options demand (STARTTLS, authentication).</exception>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            while (_idle.TryPop(out var idle))
            {
                if (!idle.IsConnected)
                {
                    idle.Dispose();
                    continue;
                }
                try
                {
                    await idle.SendAsync(message, cancellationToken);
                    Return(idle);
                    return;
                }
                catch (Exception ex) when (IsBrokenConnection(ex) && !cancellationToken.IsCancellationRequested)
                {
                    // Relays close connections idle too long; the message goes again on a fresh one below.
                    logger.LogDebug(ex, "Idle SMTP connection to {Host}:{Port} was closed; reconnecting", options.Host, options.Port);
                    idle.Dispose();
                    break;
                }
                catch
                {
                    idle.Dispose();
                    throw;
                }
            }

            var client = await ConnectAsync(cancellationToken);
            try
            {
                await client.SendAsync(message, cancellationToken);
                Return(client);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Return(SmtpClient client)
    {
        _idle.Push(client);
        // A send that ends after disposal must not leave its connection behind in the emptied stack.
        if (_disposed && _idle.TryPop(out var late))
            late.Dispose();
    }

    /// <summary>Whether <paramref name="ex"/> says the connection is gone rather than that the relay refused something.</summary>
    internal static bool IsBrokenConnection(Exception ex) =>
        ex is SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException;

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, SecureSocket(options.SecureSocket), cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            Interlocked.Increment(ref _opened);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions SecureSocket(SmtpSecureSocket secure) => secure switch
    {
        SmtpSecureSocket.StartTls => SecureSocketOptions.StartTls,
        SmtpSecureSocket.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecureSocket.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    /// <summary>Says QUIT on the idle connections; those still sending are dropped when their send ends.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryPop(out var client))
        {
            using (client)
            {
                try
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await client.DisconnectAsync(quit: true, quit.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException || IsBrokenConnection(ex))
                {
                    // The relay went first or is slow to answer: closing the socket is all that is left to do.
                    logger.LogDebug(ex, "SMTP connection to {Host}:{Port} closed without QUIT", options.Host, options.Port);
                }
            }
        }
    }
}
