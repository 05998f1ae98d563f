using Microsoft.Extensions.Configuration;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>How the client integrations read their settings, in Aspire's order of precedence.</summary>
internal static class ConnectionSettings
{
    /// <summary>
    /// Binds <paramref name="sectionName"/> onto <paramref name="settings"/>, then lets <c>ConnectionStrings:&lt;name&gt;</c>
    /// override the connection string, then runs the caller's <paramref name="configure"/>.
    /// </summary>
    public static T Read<T>(IConfiguration configuration, string sectionName, string connectionName, T settings,
        Action<T, string> setConnectionString, Action<T>? configure)
    {
        configuration.GetSection(sectionName).Bind(settings);
        if (configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            setConnectionString(settings, connectionString);
        }

        configure?.Invoke(settings);
        return settings;
    }

    /// <summary>The connection string, or an exception naming both places it may come from.</summary>
    public static string Require(string? connectionString, string connectionName, string sectionName) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                $"ConnectionString is missing. It should be provided in 'ConnectionStrings:{connectionName}' or under the 'ConnectionString' key in '{sectionName}' configuration section.")
            : connectionString;
}
