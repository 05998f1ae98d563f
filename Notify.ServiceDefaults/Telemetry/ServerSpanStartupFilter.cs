using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>Puts <see cref="ServerSpanEnrichment"/> first in the pipeline, so it sees every request and every failure.</summary>
internal sealed class ServerSpanStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(static next => context => ServerSpanEnrichment.InvokeAsync(context, next));
        next(app);
    };
}
