using Microsoft.Extensions.Options;
using Notify.Core.Users;

namespace Notify.Ingest.Unsubscribe;

/// <summary>Registers the one-click unsubscribe endpoint's services.</summary>
public static class UnsubscribeRegistration
{
    /// <summary>
    /// Binds <see cref="UnsubscribeOptions"/> (section <c>Notify:Unsubscribe</c>), checked at start as the dispatcher checks
    /// it (both sign and verify the same links), and adds the <see cref="Unsubscriber"/>.
    /// </summary>
    public static IHostApplicationBuilder AddUnsubscribe(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UnsubscribeOptions>().Bind(builder.Configuration.GetSection(UnsubscribeOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<UnsubscribeOptions>, UnsubscribeOptionsValidation>();
        builder.Services.AddSingleton(static sp => sp.GetRequiredService<IOptions<UnsubscribeOptions>>().Value);
        builder.Services.AddSingleton<Unsubscriber>();
        return builder;
    }
}
