namespace Notify.Core.Templates;

/// <summary>
/// The texts of one channel in one locale, in Handlebars syntax with variables from the notification's <c>data</c>
/// (<c>{{orderId}}</c>, <c>{{courier.name}}</c>). Which fields a channel takes: push, in-app, webhook and the
/// locale's <c>default</c> entry take <see cref="Title"/> and <see cref="Body"/>; SMS takes <see cref="Body"/>; email
/// takes <see cref="Subject"/>, <see cref="Html"/> and <see cref="Text"/>.
/// </summary>
/// <param name="Title">Push title, in-app title.</param>
/// <param name="Body">Push, SMS, in-app and webhook text.</param>
/// <param name="Subject">Email subject.</param>
/// <param name="Html">Email HTML body; variables are HTML-escaped in it.</param>
/// <param name="Text">Plain-text email body (the text part of the multipart/alternative message).</param>
public sealed record ChannelTemplate(string? Title = null, string? Body = null, string? Subject = null, string? Html = null, string? Text = null);
