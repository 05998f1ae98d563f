using Notify.Core.Templates;

namespace Notify.Tests.Templates;

public sealed class TemplateVariablesTests
{
    [Fact]
    public void Paths_outside_blocks_are_required_and_those_inside_optional()
    {
        var usage = TemplateVariables.Scan(
            "Hi {{ name }}, order {{{orderId}}} via {{courier.name}}{{#if eta}} in {{eta}} min{{else}} soon{{/if}}." +
            "{{#each items}}{{this.name}} {{qty}}{{/each}}{{! a comment {{ignored}} }}{{!-- {{alsoIgnored}} --}} \\{{literal}}");

        Assert.Equal(["courier.name", "eta", "items", "name", "orderId"], usage.Used);
        Assert.Equal(["courier.name", "items", "name", "orderId"], usage.Required);
        Assert.False(usage.UsesPartials);
    }

    [Fact]
    public void Helper_arguments_are_paths_and_literals_are_not()
    {
        var usage = TemplateVariables.Scan("{{lookup labels status}} {{#unless @root.muted}}{{total}}{{/unless}} {{> footer}}");

        Assert.Equal(["labels", "status"], usage.Required);
        Assert.Contains("muted", usage.Used);
        Assert.DoesNotContain("total", usage.Required);
        Assert.True(usage.UsesPartials);
    }
}
