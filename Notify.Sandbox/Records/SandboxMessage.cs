using Notify.Core.Notifications;

namespace Notify.Sandbox.Records;

/// <summary>A message a provider stand-in accepted.</summary>
/// <param name="Id">The provider's id: a Twilio <c>sid</c>, an FCM message <c>name</c>, a <c>webhook-id</c>.</param>
/// <param name="Channel">The stand-in that accepted it.</param>
/// <param name="To">Phone number, device token (or <c>/topics/…</c>, or a condition), or webhook endpoint name.</param>
/// <param name="UserId">The Notify user, when the request named one.</param>
/// <param name="Title">The push notification's title.</param>
/// <param name="Body">The SMS text, the push notification's body, or the webhook's raw JSON body.</param>
/// <param name="Data">Push data; for SMS <c>from</c>, <c>messagingServiceSid</c> and <c>statusCallback</c> when given.</param>
/// <param name="IdempotencyKey">The key the request carried (Twilio token, <c>Idempotency-Key</c>, <c>webhook-id</c>).</param>
/// <param name="ReceivedAt">When the stand-in accepted it.</param>
/// <param name="Headers">For webhooks, the request headers (names in lower case).</param>
/// <param name="SignatureValid">For webhooks, whether the Standard Webhooks signature verified.</param>
public sealed record SandboxMessage(
    string Id,
    Channel Channel,
    string? To,
    string? UserId,
    string? Title,
    string? Body,
    IReadOnlyDictionary<string, string>? Data,
    string? IdempotencyKey,
    DateTimeOffset ReceivedAt,
    IReadOnlyDictionary<string, string>? Headers = null,
    bool? SignatureValid = null);
