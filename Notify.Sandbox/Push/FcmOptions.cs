namespace Notify.Sandbox.Push;

/// <summary>What the FCM stand-in accepts.</summary>
public sealed record FcmOptions
{
    /// <summary>
    /// The one OAuth 2 access token accepted; null accepts any bearer token, since the sender's token comes from
    /// Google's token endpoint, which the sandbox does not stand in for.
    /// </summary>
    public string? AccessToken { get; init; }
}
