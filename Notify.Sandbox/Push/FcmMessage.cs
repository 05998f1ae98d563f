namespace Notify.Sandbox.Push;

/// <summary>What the stand-in keeps of a valid <c>messages:send</c> request.</summary>
/// <param name="Token">The registration token, when addressed to one device.</param>
/// <param name="Topic">The topic, when addressed to one.</param>
/// <param name="Condition">The topic condition, when addressed by one.</param>
/// <param name="Title">The notification's title.</param>
/// <param name="Body">The notification's body.</param>
/// <param name="Data">The data payload.</param>
/// <param name="ValidateOnly">Check the request, send nothing.</param>
public sealed record FcmMessage(
    string? Token,
    string? Topic,
    string? Condition,
    string? Title,
    string? Body,
    IReadOnlyDictionary<string, string>? Data,
    bool ValidateOnly)
{
    /// <summary>The recipient as records name it: the token, <c>/topics/{topic}</c>, or the condition.</summary>
    public string? Target => TargetOf(Token, Topic, Condition);

    /// <summary>The recipient as records name it, from the message's target fields.</summary>
    public static string? TargetOf(string? token, string? topic, string? condition) => token ?? (topic is null ? condition : "/topics/" + topic);
}
