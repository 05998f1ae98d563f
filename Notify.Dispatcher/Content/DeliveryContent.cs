namespace Notify.Dispatcher.Content;

/// <summary>What a delivery says.</summary>
/// <param name="Title">Push title, email subject, inbox title.</param>
/// <param name="Body">Push and SMS text, inbox body, plain-text email.</param>
public sealed record DeliveryContent(string Title, string Body)
{
    /// <summary>HTML email body, when there is one.</summary>
    public string? Html { get; init; }

    /// <summary>The template locale it was rendered in; null for the built-in wording.</summary>
    public string? Locale { get; init; }
}
