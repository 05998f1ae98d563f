using System.Reflection;

namespace Notify.Ingest.OpsConsole;

/// <summary>
/// The ops console: one static page (HTML, CSS and plain JavaScript embedded in this assembly) at <c>/</c>. The page
/// itself needs no key; it asks for an admin API key and calls the API with it.
/// </summary>
public static class OpsConsoleEndpoints
{
    private const string ResourcePrefix = "Notify.Ingest.OpsConsole.Page.";

    private static readonly Dictionary<string, (byte[] Content, string Type)> Files = new(StringComparer.Ordinal)
    {
        ["index.html"] = (Load("index.html"), "text/html; charset=utf-8"),
        ["console.js"] = (Load("console.js"), "text/javascript; charset=utf-8"),
        ["console.css"] = (Load("console.css"), "text/css; charset=utf-8"),
    };

    /// <summary>Maps <c>/</c> and the page's two assets under <c>/console/</c>.</summary>
    public static IEndpointRouteBuilder MapOpsConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpResponse response) => Serve(response, "index.html")).ExcludeFromDescription();
        app.MapGet("/console/{file}", (string file, HttpResponse response) => Serve(response, file)).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpResponse response, string file)
    {
        if (!Files.TryGetValue(file, out var found))
            return TypedResults.NotFound();
        response.Headers.CacheControl = "no-cache";
        // Everything the page needs is its own: no inline script, no third-party origin.
        response.Headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(found.Content, found.Type);
    }

    private static byte[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The console's {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
