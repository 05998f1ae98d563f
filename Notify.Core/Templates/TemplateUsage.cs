namespace Notify.Core.Templates;

/// <summary>The data paths a template text refers to.</summary>
/// <param name="Used">Every path it reads from <c>data</c>, e.g. <c>orderId</c>, <c>courier.name</c>.</param>
/// <param name="Required">
/// The paths outside any block: the text cannot be rendered properly without them. A path only read inside
/// <c>{{#if}}</c>, <c>{{#unless}}</c>, <c>{{#each}}</c> or <c>{{#with}}</c> (or tested by <c>#if</c>/<c>#unless</c>) is optional.
/// </param>
/// <param name="UsesPartials">Whether it includes a partial (<c>{{&gt; name}}</c>), which templates may not.</param>
public sealed record TemplateUsage(IReadOnlySet<string> Used, IReadOnlySet<string> Required, bool UsesPartials);
