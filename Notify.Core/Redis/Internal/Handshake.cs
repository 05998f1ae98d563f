namespace Notify.Core.Redis.Internal;

/// <summary>What a new link sends before any command: AUTH when there is a password, PING, SELECT and CLIENT SETNAME.</summary>
internal static class Handshake
{
    public static async Task RunAsync(RedisLink link, RedisOptions options, CancellationToken cancellationToken)
    {
        if (options.Password is not null)
        {
            var auth = await link.RoundTripAsync("AUTH", (options.User, options.Password), static (writer, in state) =>
            {
                writer.WriteCommand("AUTH", state.User is null ? 1 : 2);
                if (state.User is not null)
                    writer.Write(state.User);
                writer.Write(state.Password);
            }, cancellationToken).ConfigureAwait(false);
            if (auth.Type == RedisResultType.Error)
                throw new RedisAuthenticationException(
                    $"Redis at {link.Name} refused the credentials{(options.User is null ? "" : $" of user '{options.User}'")}: {auth}");
        }

        var ping = await link.RoundTripAsync("PING", 0, static (writer, in _) => writer.WriteCommand("PING", 0), cancellationToken).ConfigureAwait(false);
        if (ping.Type == RedisResultType.Error)
        {
            var error = ping.ToString();
            throw error.StartsWith("NOAUTH", StringComparison.Ordinal)
                ? new RedisAuthenticationException($"Redis at {link.Name} requires a password, and the connection string has none: {error}")
                : new RedisConnectionException($"Redis at {link.Name} refused PING: {error}");
        }

        if (options.DefaultDatabase != 0)
        {
            var select = await link.RoundTripAsync("SELECT", options.DefaultDatabase, static (writer, in database) =>
            {
                writer.WriteCommand("SELECT", 1);
                writer.Write(database);
            }, cancellationToken).ConfigureAwait(false);
            if (select.Type == RedisResultType.Error)
                throw new RedisConnectionException($"Redis at {link.Name} refused SELECT {options.DefaultDatabase}: {select}");
        }

        if (options.ClientName is not null)
        {
            var setName = await link.RoundTripAsync("CLIENT", options.ClientName, static (writer, in name) =>
            {
                writer.WriteCommand("CLIENT", 2);
                writer.Write("SETNAME");
                writer.Write(name);
            }, cancellationToken).ConfigureAwait(false);
            if (setName.Type == RedisResultType.Error)
                throw new RedisConnectionException($"Redis at {link.Name} refused CLIENT SETNAME {options.ClientName}: {setName}");
        }
    }
}
