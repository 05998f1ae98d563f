namespace Notify.AppHost.Hosting;

/// <summary>A named address a resource listens on, e.g. <c>tcp nats://127.0.0.1:4222</c> or <c>monitor http://127.0.0.1:8222</c>.</summary>
/// <param name="Name">The endpoint's name within its resource.</param>
/// <param name="Url">Where it listens.</param>
public sealed record ResourceEndpoint(string Name, Uri Url);
