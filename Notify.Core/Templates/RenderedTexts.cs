namespace Notify.Core.Templates;

/// <summary>A channel's texts rendered from a template.</summary>
/// <param name="Locale">The template locale they came from (after falling back).</param>
/// <param name="Title">Title, or email subject.</param>
/// <param name="Body">Body, or plain-text email body.</param>
/// <param name="Html">Email HTML body, when the template has one.</param>
public sealed record RenderedTexts(string Locale, string? Title, string? Body, string? Html);
