namespace Notify.Ingest.Webhooks;

/// <summary>Body of <c>PUT /v1/webhooks/status</c>.</summary>
/// <param name="Url">Absolute http or https URL that receives the status changes.</param>
/// <param name="Secret">Standard Webhooks secret (<c>whsec_</c> and the base64 of 16 to 64 bytes); one is generated when left out.</param>
public sealed record StatusWebhookRequest(string? Url = null, string? Secret = null);

/// <summary>A tenant's status webhook; <see cref="Secret"/> only in the answer to <c>PUT</c>.</summary>
/// <param name="Url">Where status changes are POSTed.</param>
/// <param name="UpdatedAt">When it was registered or last changed.</param>
/// <param name="Secret">The signing secret; shown once, when set.</param>
public sealed record StatusWebhookDocument(string Url, DateTimeOffset UpdatedAt, string? Secret = null);
