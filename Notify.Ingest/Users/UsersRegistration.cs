using Notify.Core.Storage;
using Notify.Core.Users;
using NATS.Client.Core;
using StackExchange.Redis;

namespace Notify.Ingest.Users;

/// <summary>Registers users' contacts and preferences.</summary>
public static class UsersRegistration
{
    /// <summary>Adds the user store and directory (whose saves drop every replica's cached profile and overwrite the shared one in Redis).</summary>
    public static IHostApplicationBuilder AddUserSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton(sp => new SharedProfileCache(sp.GetRequiredService<IConnectionMultiplexer>(), UserDirectoryOptions.Default,
            sp.GetRequiredService<ILogger<SharedProfileCache>>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new UserDirectory(sp.GetRequiredService<UserStore>(), sp.GetRequiredService<INatsConnection>(),
            UserDirectoryOptions.Default, sp.GetRequiredService<ILogger<UserDirectory>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SharedProfileCache>()));
        builder.Services.AddSingleton<UserSettings>();
        return builder;
    }
}
