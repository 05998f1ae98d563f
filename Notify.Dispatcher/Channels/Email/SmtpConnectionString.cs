namespace Notify.Dispatcher.Channels.Email;

/// <summary>
/// The relay's address as the AppHost passes it for the <c>smtp</c> resource: <c>ConnectionStrings:smtp</c> =
/// <c>Endpoint=smtp://host:port</c> (a bare URI is taken too). It wins over the configured host and port.
/// </summary>
internal static class SmtpConnectionString
{
    /// <summary>The name in <c>ConnectionStrings</c>.</summary>
    public const string Name = "smtp";

    /// <summary>The line a dispatcher with a malformed one stops with (the value is not echoed: it may carry credentials).</summary>
    public const string Malformed = "ConnectionStrings:smtp must be Endpoint=smtp://host:port.";

    /// <summary>
    /// <paramref name="smtp"/> with the host and port of <paramref name="connectionString"/>, or as it is when there is
    /// none; false when the connection string is not of that form (a URI with a host).
    /// </summary>
    public static bool TryApply(string? connectionString, SmtpOptions smtp, out SmtpOptions applied)
    {
        applied = smtp;
        if (string.IsNullOrEmpty(connectionString))
            return true;
        var endpoint = connectionString.Split(';').Select(p => p.Split('=', 2))
            .FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("Endpoint", StringComparison.OrdinalIgnoreCase))?[1];
        if (!Uri.TryCreate(endpoint ?? connectionString, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return false;
        applied = smtp with { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : smtp.Port };
        return true;
    }
}
