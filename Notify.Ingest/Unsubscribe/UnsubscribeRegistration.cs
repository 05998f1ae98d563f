using Notify.Core.Users;

namespace Notify.Ingest.Unsubscribe;

/// <summary>Registers the one-click unsubscribe endpoint's services.</summary>
public static class UnsubscribeRegistration
{
    /// <summary>Binds <see cref="UnsubscribeOptions"/> (section <c>Notify:Unsubscribe</c>) and adds the <see cref="Unsubscriber"/>.</summary>
    public static IHostApplicationBuilder AddUnsubscribe(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection(UnsubscribeOptions.Section).Get<UnsubscribeOptions>() ?? new UnsubscribeOptions());
        builder.Services.AddSingleton<Unsubscriber>();
        return builder;
    }
}
