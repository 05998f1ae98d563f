using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notify.Bench.Pipeline;

/// <summary>
/// The yardstick for Ingest: a minimal ASP.NET Core endpoint in the bench's own process on loopback that reads the
/// same JSON body and answers 202 with a new id, and does nothing else (no auth, no validation, no NATS).
/// </summary>
internal sealed class BareEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareEndpoint(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<BareEndpoint> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJson.Default));
        var app = builder.Build();
        app.MapPost("/v1/notifications", async (HttpRequest request, CancellationToken ct) =>
        {
            var body = await request.ReadFromJsonAsync(BareJson.Default.BareRequest, ct);
            return body?.UserId is null
                ? Results.BadRequest()
                : TypedResults.Accepted($"/v1/notifications/{Guid.CreateVersion7()}", new BareAccepted(Guid.CreateVersion7(), "accepted"));
        });
        var endpoint = new BareEndpoint(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Url = new Uri(address);
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The body the bare endpoint reads: the fields of Ingest's request.</summary>
internal sealed record BareRequest(string? UserId, string? Type, string? Priority, IReadOnlyList<string>? Channels, JsonElement? Data);

/// <summary>The bare endpoint's answer, shaped like Ingest's.</summary>
internal sealed record BareAccepted(Guid Id, string Status);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BareRequest))]
[JsonSerializable(typeof(BareAccepted))]
internal sealed partial class BareJson : JsonSerializerContext;
