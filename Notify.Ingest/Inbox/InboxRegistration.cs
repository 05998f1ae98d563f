using Notify.Core.Storage;

namespace Notify.Ingest.Inbox;

/// <summary>Registers the in-app inbox.</summary>
public static class InboxRegistration
{
    /// <summary>Adds the inbox store, its replay and the stream options (<c>Notify:Inbox</c>).</summary>
    public static IHostApplicationBuilder AddInbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section)
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero && o.MaxReplay > 0, $"{InboxOptions.Section}: HeartbeatInterval and MaxReplay must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<InboxStore>();
        builder.Services.AddSingleton<InboxReplay>();
        return builder;
    }
}
