using System.Globalization;
using HandlebarsDotNet;

namespace Notify.Core.Templates;

/// <summary>
/// Handlebars (Handlebars.Net) in two isolated environments: one for text channels, where a variable is written as it
/// is (an SMS showing <c>&amp;amp;</c> would be wrong), and one for email HTML, where every <c>{{variable}}</c> is
/// HTML-escaped (<c>{{{variable}}}</c> opts out). Compiling is costly; callers keep the compiled texts.
/// </summary>
public static class TemplateEngine
{
    private static readonly IHandlebars Text = Handlebars.Create(new HandlebarsConfiguration
    {
        NoEscape = true,
        FormatProvider = CultureInfo.InvariantCulture,
    });

    private static readonly IHandlebars Html = Handlebars.Create(new HandlebarsConfiguration
    {
        FormatProvider = CultureInfo.InvariantCulture,
    });

    /// <summary>Compiles <paramref name="source"/>; <paramref name="html"/> escapes its variables.</summary>
    /// <exception cref="TemplateSyntaxException">The text is not a valid template.</exception>
    public static Func<object, string> Compile(string source, bool html)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            var template = (html ? Html : Text).Compile(source);
            return context => template(context);
        }
        catch (HandlebarsException e)
        {
            throw new TemplateSyntaxException(e.Message, e);
        }
    }
}
