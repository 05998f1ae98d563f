using Notify.Core.Storage;

namespace Notify.Ingest.Templates;

/// <summary>Registers templates: their store, the in-memory required variables and what keeps them current.</summary>
public static class TemplatesRegistration
{
    /// <summary>Adds the options (<c>Notify:Templates</c>), the store, the index, its loader and the library.</summary>
    public static IHostApplicationBuilder AddTemplates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TemplateOptions>().BindConfiguration(TemplateOptions.Section)
            .Validate(o => o.MaxSmsSegments > 0 && o.MaxBodyBytes > 0 && o.MaxReloadDelay > TimeSpan.Zero,
                $"{TemplateOptions.Section}: MaxSmsSegments, MaxBodyBytes and MaxReloadDelay must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TemplateStore>();
        builder.Services.AddSingleton<TemplateRequirementsIndex>();
        builder.Services.AddSingleton<TemplateLibrary>();
        builder.Services.AddHostedService<TemplateRequirementsLoader>();
        return builder;
    }
}
