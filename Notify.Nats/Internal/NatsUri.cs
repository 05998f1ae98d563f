namespace Notify.Nats.Internal;

/// <summary>A server address with the credentials its URL carried, unescaped.</summary>
internal sealed record NatsUri(string Host, int Port, string? User, string? Password, string? Token)
{
    public static NatsUri Parse(string url)
    {
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "nats://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"'{url}' is not a NATS URL.", nameof(url));
        string? user = null, password = null, token = null;
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                token = Uri.UnescapeDataString(uri.UserInfo);
            else
            {
                user = Uri.UnescapeDataString(uri.UserInfo[..colon]);
                password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        return new NatsUri(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 4222 : uri.Port, user, password, token);
    }

    public bool SameEndpoint(NatsUri other) =>
        Port == other.Port && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"nats://{Host}:{Port}";
}
