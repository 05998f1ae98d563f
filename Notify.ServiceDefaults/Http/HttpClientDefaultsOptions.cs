namespace Notify.ServiceDefaults.Http;

/// <summary>What every <see cref="HttpClient"/> from the factory gets, bound from the <c>HttpClientDefaults</c> section.</summary>
public sealed record HttpClientDefaultsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "HttpClientDefaults";

    /// <summary>The name of the resilience pipeline that applies <see cref="Timeout"/> (one per named client).</summary>
    public const string PipelineName = "timeout";

    /// <summary>
    /// How long one request may take, response headers included, before it fails with Polly's
    /// <c>TimeoutRejectedException</c>. Shorter than <see cref="HttpClient.Timeout"/>'s 100 s, like the standard
    /// resilience handler's total timeout.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
