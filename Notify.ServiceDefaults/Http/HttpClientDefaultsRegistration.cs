using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;

namespace Notify.ServiceDefaults.Http;

/// <summary>Gives every factory-made <see cref="HttpClient"/> the standard timeout.</summary>
internal static class HttpClientDefaultsRegistration
{
    public static void Add(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HttpClientDefaultsOptions>()
            .Bind(builder.Configuration.GetSection(HttpClientDefaultsOptions.SectionName))
            .Validate(options => options.Timeout > TimeSpan.Zero, "HttpClientDefaults:Timeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddKeyedSingleton(typeof(StandardTimeoutHandler),
            (sp, _) => StandardTimeoutHandler.CreatePipeline(sp.GetRequiredService<IOptions<HttpClientDefaultsOptions>>().Value));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(sp =>
            new StandardTimeoutHandler(sp.GetRequiredKeyedService<ResiliencePipeline<HttpResponseMessage>>(typeof(StandardTimeoutHandler)))));
    }
}
