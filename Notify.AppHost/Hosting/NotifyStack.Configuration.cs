using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>The Notify settings the local stack gives its services, beside what their references give them.</summary>
public sealed partial class NotifyStack
{
    /// <summary>The API key Ingest accepts in the local stack (and only there): tenant <see cref="DevelopmentTenant"/>, scopes send, read and admin.</summary>
    public const string DevelopmentApiKey = "notify-dev-key";

    /// <summary>The tenant of <see cref="DevelopmentApiKey"/>.</summary>
    public const string DevelopmentTenant = "dev";

    private static readonly string[] DevelopmentScopes = ["send", "read", "admin"];

    /// <summary>The key one-click unsubscribe links are signed with in the local stack (and only there).</summary>
    public const string DevelopmentUnsubscribeKey = "notify-dev-unsubscribe-signing-key";

    /// <summary>One-click unsubscribe links in emails: signed with the development key, pointing at Ingest.</summary>
    private static void ConfigureUnsubscribe(ProjectResource service, ProjectResource ingest)
    {
        service.WithEnvironment("Notify__Unsubscribe__SigningKey", DevelopmentUnsubscribeKey);
        service.WithEnvironment("Notify__Unsubscribe__BaseUrl", () => AspireConfiguration.HttpUrl(ingest.Port));
    }

    /// <summary>The development key, as the first bootstrap key (<c>Notify:ApiKeys:Bootstrap:0</c>).</summary>
    private static void ConfigureIngest(ProjectResource ingest)
    {
        const string key = "Notify__ApiKeys__Bootstrap__0";
        ingest.WithEnvironment($"{key}__Key", DevelopmentApiKey);
        ingest.WithEnvironment($"{key}__Tenant", DevelopmentTenant);
        for (int index = 0; index < DevelopmentScopes.Length; index++)
        {
            ingest.WithEnvironment($"{key}__Scopes__{index}", DevelopmentScopes[index]);
        }
    }

    /// <summary>
    /// The HTTP providers (FCM, Twilio) at the sandbox, named as a resource: service discovery finds it through the
    /// sandbox reference (<c>services__sandbox__http__0</c>). SMTP comes from the smtp reference (<c>ConnectionStrings__smtp</c>).
    /// </summary>
    private static void ConfigureDispatcher(ProjectResource dispatcher, ProjectResource sandbox)
    {
        string url = $"http://{sandbox.Name}";
        dispatcher.WithEnvironment("Notify__Providers__Fcm__BaseUrl", url);
        dispatcher.WithEnvironment("Notify__Providers__Twilio__BaseUrl", url);
    }
}
