using Polly;
using Polly.Timeout;

namespace Notify.ServiceDefaults.Http;

/// <summary>Bounds each request by <see cref="HttpClientDefaultsOptions.Timeout"/> (Polly timeout strategy).</summary>
internal sealed class StandardTimeoutHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    /// <summary>The pipeline all handlers share; it holds no per-request state.</summary>
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(HttpClientDefaultsOptions options) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout })
            .Build();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(
            static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendCoreAsync(state.Request, token)),
            (Handler: this, Request: request),
            cancellationToken).AsTask();

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
