namespace Notify.Sandbox.Push;

/// <summary>FCM's answer to a send: the message's resource name, <c>projects/{projectId}/messages/{messageId}</c>.</summary>
public sealed record FcmSendResponse(string Name);
